/** A parcel tile archive as ParcelsLayer draws it: its absolute URL, and the zoom from which it holds parcels (cells below). */
export interface ParcelTiles {
  url: string;
  parcelZoom: number;
}
