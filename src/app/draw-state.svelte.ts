// The drawn parcel and the measuring tools, shared between the draw panel (form, findings), the map overlay
// (terra-draw) and any panel that works on "the drawn polygon" (area statistics). One instance per app, from createAppStores().
import type { Grade, PolygonGeometry, Position, ProjectKind } from '../lib/data/schema.ts';

export type DrawTool = 'none' | 'polygon' | 'edit' | 'distance' | 'area';

export interface DrawForm {
  floor_area_m2: number | null;
  height_m: number | null;
  industry: string;
  /** The works proposed: a drawn parcel is new industrial land unless the planner says otherwise. */
  project: ProjectKind;
  /** 工治办集体讨论同意 recorded (central restricted area). */
  central_approved: boolean;
  grade: Grade | null;
  standard_land: boolean;
}

export class DrawState {
  /** The active map tool; 'none' leaves clicks to the map (parcel selection). */
  tool = $state<DrawTool>('none');
  /** The drawn (or pasted) parcel in lon/lat, null until one has at least 3 points. */
  polygon = $state.raw<PolygonGeometry | null>(null);
  /** Bumped when `polygon` is set from outside the map (paste), so the overlay loads it into the editor. */
  loadRequest = $state(0);
  /** Bumped to remove the drawn parcel and measurements from the map. */
  clearRequest = $state(0);
  /** The distance-measure line and the area-measure polygon, lon/lat. */
  measureLine = $state.raw<Position[] | null>(null);
  measurePolygon = $state.raw<PolygonGeometry | null>(null);
  /** Why the map editor refused a pasted polygon (e.g. it has holes); it is still checked from its coordinates. */
  editorError = $state<string | null>(null);
  form = $state<DrawForm>({ floor_area_m2: null, height_m: null, industry: 'general', project: 'new', central_approved: false, grade: null, standard_land: false });

  /** Put a polygon from outside (paste) on the map, ready for vertex editing. */
  load(polygon: PolygonGeometry): void {
    this.polygon = polygon;
    this.editorError = null;
    this.loadRequest++;
  }

  clear(): void {
    this.polygon = null;
    this.measureLine = null;
    this.measurePolygon = null;
    this.editorError = null;
    this.tool = 'none';
    this.clearRequest++;
  }
}
