// server/api/password.ts (here rather than beside it: vitest's include covers src/, scripts/ and tests/unit/ only).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../../server/api/password.ts';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores scrypt with its parameters and a fresh salt; verifies the password and nothing else', async () => {
    const a = await hashPassword('correct-horse-1', CHEAP);
    const b = await hashPassword('correct-horse-1', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('correct-horse');
    expect(await verifyPassword('correct-horse-1', a)).toBe(true);
    expect(await verifyPassword('correct-horse-2', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('uses the default cost (N = 2^15) unless told, and verifies with the cost stored in the hash', async () => {
    const h = await hashPassword('默认参数的密码-123');
    expect(h.startsWith(`scrypt$${DEFAULT_SCRYPT.N}$8$1$`)).toBe(true);
    expect(await verifyPassword('默认参数的密码-123', h)).toBe(true);
  });

  it('treats NFC and NFD spellings of the same password as equal', async () => {
    const h = await hashPassword('café-password', CHEAP);
    expect(await verifyPassword('cafe\u0301-password', h)).toBe(true);
  });

  it('answers false for no stored hash (unknown user) and for malformed or out-of-bounds hashes, without throwing', async () => {
    expect(await verifyPassword('anything-at-all', null)).toBe(false);
    const good = await hashPassword('pw-1234567890', CHEAP);
    for (const bad of ['', 'plain', good.replace('scrypt$', 'bcrypt$'), good.replace('$1024$', '$1000$'), good.replace('$1024$', `$${2 ** 24}$`), good.replace('$8$1$', '$8$99$')]) {
      expect(await verifyPassword('pw-1234567890', bad), bad).toBe(false);
    }
  });
});
