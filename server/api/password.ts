// Password hashes with node:crypto scrypt: a random 16-byte salt per password, and the cost parameters stored in the
// string (`scrypt$N$r$p$salt$hash`, base64), so raising the cost later leaves existing hashes verifiable. Comparison
// is timingSafeEqual, and an unknown user is checked against a dummy hash, so timing tells nothing about which
// names exist.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 10;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
/** OWASP's scrypt minimum (2^17 would be 128 MiB per login; 2^15 is 32 MiB and ~50–100 ms). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // Node refuses by default above 32 MiB; 128·N·r bytes is what scrypt needs, so allow twice that.
  const opts: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((ok, fail) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, opts, (e, key) => (e ? fail(e) : ok(key))));
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A power of two ≥ 2 (scrypt's rule) and bounded, so a tampered row cannot make one login take gigabytes.
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { params: { N, r, p }, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

let dummy: Promise<string> | null = null;

/** Whether `password` matches `stored`; `stored` null (no such user) costs the same time and answers false. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? (await (dummy ??= hashPassword('no such user: dummy password'))));
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return stored !== null && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}
