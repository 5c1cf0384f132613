// Counts failed logins per key ("name:…", "addr:…") in a sliding window, in this process's memory. In memory
// because one server process serves a county; a restart forgets the counts (an attacker gains one window per
// restart, which they cannot trigger), and several processes behind a balancer would each count separately —
// acceptable for the expected deployments, documented in README. Memory is bounded: at most `maxKeys` keys, the
// oldest forgotten first, so a flood of invented names cannot grow it without limit.
export interface LimitRule {
  /** Failures allowed inside the window; the next attempt is refused until the oldest one ages out. */
  max: number;
  windowMs: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string): number {
    const kept = this.recent(key);
    if (kept.length < this.rule.max) return 0;
    const freeAt = kept[kept.length - this.rule.max]! + this.rule.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.now()) / 1000));
  }

  fail(key: string): void {
    const kept = this.recent(key);
    this.failures.delete(key); // re-inserted last: Map order is then "least recently failed first"
    this.failures.set(key, [...kept, this.now()]);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** A success forgets the key's failures (a user who mistyped twice and then got in starts afresh). */
  reset(key: string): void {
    this.failures.delete(key);
  }
}

/** Per name 5 failures / 15 min; per client address 20 / 15 min, so one address cannot try name after name. */
export const LOGIN_LIMITS = {
  name: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, LimitRule>;
