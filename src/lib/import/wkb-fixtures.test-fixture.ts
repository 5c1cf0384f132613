// WKB and GeoPackage geometry blobs written by hand from the specs (OGC 06-103r4 §8.2 Simple Features WKB; OGC 12-128
// GeoPackage §2.1.3 "GeoPackageBinary"), not by any library: a byte order byte, a uint32 type code, then uint32
// counts and float64 ordinates.

/** Little-endian WKB builder: `le.u8(1).u32(3)…`. */
export class Wkb {
  private parts: number[] = [];
  constructor(private readonly little = true) {}
  u8(v: number): this {
    this.parts.push(v);
    return this;
  }
  u32(v: number): this {
    const b = new DataView(new ArrayBuffer(4));
    b.setUint32(0, v, this.little);
    this.parts.push(...new Uint8Array(b.buffer));
    return this;
  }
  f64(...vs: number[]): this {
    for (const v of vs) {
      const b = new DataView(new ArrayBuffer(8));
      b.setFloat64(0, v, this.little);
      this.parts.push(...new Uint8Array(b.buffer));
    }
    return this;
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.parts);
  }
}

export const hex = (s: string): Uint8Array => new Uint8Array(s.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));

/** POINT(1 2), little endian, typed out byte by byte. */
export const POINT_LE = hex('01 01000000 000000000000F03F 0000000000000040');
/** POINT(1 2), big endian. */
export const POINT_BE = hex('00 00000001 3FF0000000000000 4000000000000000');

/** A ring (clockwise outer) of a parcel in EPSG:4549 metres. */
export const RING: number[][] = [[500100.5, 3250100.25], [500100.5, 3250200.25], [500200.5, 3250200.25], [500200.5, 3250100.25], [500100.5, 3250100.25]];

/** POLYGON(RING), little endian. */
export function polygonWkb(ring = RING): Uint8Array {
  const w = new Wkb().u8(1).u32(3).u32(1).u32(ring.length);
  for (const [x, y] of ring) w.f64(x!, y!);
  return w.bytes();
}

/** MULTIPOLYGON Z (ISO code 1006) of two copies of RING shifted, z = 7. */
export function multiPolygonZWkb(): Uint8Array {
  const w = new Wkb().u8(1).u32(1006).u32(2);
  for (const dx of [0, 1000]) {
    w.u8(1).u32(1003).u32(1).u32(RING.length);
    for (const [x, y] of RING) w.f64(x! + dx, y!, 7);
  }
  return w.bytes();
}

/**
 * A GeoPackage geometry blob: 'GP', version 0, flags (bit 0 little endian, bits 1–3 envelope kind, bit 4 empty),
 * srs_id, then the envelope ([minx, maxx, miny, maxy] for kind 1) and the WKB.
 */
export function gpkgBlob(wkb: Uint8Array, srsId: number, opts: { envelope?: [number, number, number, number]; empty?: boolean } = {}): Uint8Array {
  const flags = 0x01 | (opts.envelope ? 1 << 1 : 0) | (opts.empty ? 0x10 : 0);
  const w = new Wkb().u8(0x47).u8(0x50).u8(0).u8(flags).u32(srsId);
  if (opts.envelope) w.f64(...opts.envelope);
  return new Uint8Array([...w.bytes(), ...wkb]);
}
