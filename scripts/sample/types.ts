// Shapes of the generated sample county. Feature properties use the shared schema types; the collections add the
// `sample` / `label` members so every consumer can tell generated data from real data.
import type {
  AnyGeometry,
  Chain,
  ControlLineProps,
  Demand,
  Enterprise,
  Feature,
  LineStringGeometry,
  LowEfficiencyBlockProps,
  ParcelSource,
  PointGeometry,
  PolygonGeometry,
  Project,
  ZoneProps,
} from '../../src/lib/data/schema.ts';
import type { LandSupplyRecord, LandSwapRecord } from '../../src/lib/rules/county-rules.ts';

export const SAMPLE_LABEL = '示例数据 / sample data';

export type SampleFeature<G extends AnyGeometry, P> = Feature<G, P>;

export interface SampleCollection<G extends AnyGeometry, P> {
  type: 'FeatureCollection';
  name: string;
  sample: true;
  label: string;
  features: Feature<G, P>[];
}

/** Free-form labels of base-map features (towns, water, roads, outline). */
export type BaseProps = Record<string, string | number | boolean | null>;

export interface SampleCounty {
  seed: number;
  parcels: SampleCollection<PolygonGeometry, ParcelSource>;
  enterprises: Enterprise[];
  chains: Chain[];
  demands: Demand[];
  projects: Project[];
  landSupply: LandSupplyRecord[];
  landSwap: LandSwapRecord[];
  controlLines: SampleCollection<PolygonGeometry, ControlLineProps>;
  lowEfficiencyBlocks: SampleCollection<PolygonGeometry, LowEfficiencyBlockProps>;
  zones: SampleCollection<PolygonGeometry, ZoneProps>;
  county: SampleCollection<PolygonGeometry, BaseProps>;
  towns: SampleCollection<PointGeometry, BaseProps>;
  water: SampleCollection<PolygonGeometry, BaseProps>;
  roads: SampleCollection<LineStringGeometry, BaseProps>;
}
