// server/api/rate-limit.ts with a hand-driven clock (here rather than beside it: vitest's include covers src/,
// scripts/ and tests/unit/ only).
import { describe, expect, it } from 'vitest';
import { FailureLimiter, LOGIN_LIMITS } from '../../server/api/rate-limit.ts';

function limiter(max = 3, windowMs = 60_000, maxKeys = 100) {
  let t = 1_000_000;
  const l = new FailureLimiter({ max, windowMs }, () => t, maxKeys);
  return { l, tick: (ms: number) => (t += ms) };
}

describe('FailureLimiter', () => {
  it('allows `max` failures, then refuses until the oldest one leaves the window (Retry-After in whole seconds)', () => {
    const { l, tick } = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('k')).toBe(0);
      l.fail('k');
      tick(10_000);
    }
    // Failures at 0, 10 s, 20 s; now 30 s: the first ages out at 60 s.
    expect(l.retryAfter('k')).toBe(30);
    tick(29_999);
    expect(l.retryAfter('k')).toBe(1);
    tick(1);
    expect(l.retryAfter('k')).toBe(0); // sliding: one slot is free again…
    l.fail('k');
    expect(l.retryAfter('k')).toBe(10); // …and the next failure fills it until the 10 s one ages out
  });

  it('keeps keys apart and forgets a key on reset', () => {
    const { l } = limiter(2);
    l.fail('name:a');
    l.fail('name:a');
    expect(l.retryAfter('name:a')).toBeGreaterThan(0);
    expect(l.retryAfter('name:b')).toBe(0);
    l.reset('name:a');
    expect(l.retryAfter('name:a')).toBe(0);
  });

  it('holds at most maxKeys keys, forgetting the least recently failed first', () => {
    const { l } = limiter(1, 60_000, 3);
    for (const k of ['a', 'b', 'c']) l.fail(k);
    l.fail('a'); // a is now the most recent
    l.fail('d'); // evicts b
    expect(l.retryAfter('b')).toBe(0);
    for (const k of ['a', 'c', 'd']) expect(l.retryAfter(k), k).toBeGreaterThan(0);
  });

  it('the login defaults: 5 per name and 20 per address in 15 minutes', () => {
    expect(LOGIN_LIMITS).toEqual({ name: { max: 5, windowMs: 900_000 }, address: { max: 20, windowMs: 900_000 } });
  });
});
