// TEST-ONLY: an independent transverse Mercator forward (Krüger n-series to 6th order, as in Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85 (2011), eqs. 7, 9, 35) used
// to compute golden Gauss-Krüger coordinates without proj4. The app itself projects with proj4.

const DEG = Math.PI / 180;

export interface KrugerEllipsoid {
  a: number;
  f: number;
}

export const GRS80: KrugerEllipsoid = { a: 6378137, f: 1 / 298.257222101 };

/** Returns forward(lon, lat) → [easting, northing] for the given CM, scale k0 and false easting. */
export function krugerForward(
  centralMeridian: number,
  { k0 = 1, falseEasting = 500000, ellipsoid = GRS80 }: { k0?: number; falseEasting?: number; ellipsoid?: KrugerEllipsoid } = {},
): (lon: number, lat: number) => [number, number] {
  const { a, f } = ellipsoid;
  const n = f / (2 - f);
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n3 * n;
  const n5 = n4 * n;
  const n6 = n5 * n;
  const e = Math.sqrt(f * (2 - f));
  // Rectifying radius A and the α_j coefficients of the conformal → rectifying series.
  const bigA = (a / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
  const alpha = [
    n / 2 - (2 / 3) * n2 + (5 / 16) * n3 + (41 / 180) * n4 - (127 / 288) * n5 + (7891 / 37800) * n6,
    (13 / 48) * n2 - (3 / 5) * n3 + (557 / 1440) * n4 + (281 / 630) * n5 - (1983433 / 1935360) * n6,
    (61 / 240) * n3 - (103 / 140) * n4 + (15061 / 26880) * n5 + (167603 / 181440) * n6,
    (49561 / 161280) * n4 - (179 / 168) * n5 + (6601661 / 7257600) * n6,
    (34729 / 80640) * n5 - (3418889 / 1995840) * n6,
    (212378941 / 319334400) * n6,
  ];
  return (lon, lat) => {
    const phi = lat * DEG;
    const lam = (lon - centralMeridian) * DEG;
    // Conformal latitude via τ' (Karney eq. 7–9).
    const tau = Math.tan(phi);
    const sigma = Math.sinh(e * Math.atanh((e * tau) / Math.sqrt(1 + tau * tau)));
    const tauP = tau * Math.sqrt(1 + sigma * sigma) - sigma * Math.sqrt(1 + tau * tau);
    const xiP = Math.atan2(tauP, Math.cos(lam));
    const etaP = Math.asinh(Math.sin(lam) / Math.sqrt(tauP * tauP + Math.cos(lam) ** 2));
    let xi = xiP;
    let eta = etaP;
    alpha.forEach((al, i) => {
      const j2 = 2 * (i + 1);
      xi += al * Math.sin(j2 * xiP) * Math.cosh(j2 * etaP);
      eta += al * Math.cos(j2 * xiP) * Math.sinh(j2 * etaP);
    });
    return [falseEasting + k0 * bigA * eta, k0 * bigA * xi];
  };
}

/** Meridian arc length from the equator to `lat` by the Helmert series (independent check of the above). */
export function meridianArc(lat: number, { a, f }: KrugerEllipsoid = GRS80): number {
  const n = f / (2 - f);
  const phi = lat * DEG;
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n3 * n;
  return (
    (a / (1 + n)) *
    ((1 + n2 / 4 + n4 / 64) * phi -
      (3 / 2) * (n - n3 / 8) * Math.sin(2 * phi) +
      (15 / 16) * (n2 - n4 / 4) * Math.sin(4 * phi) -
      (35 / 48) * n3 * Math.sin(6 * phi) +
      (315 / 512) * n4 * Math.sin(8 * phi))
  );
}
