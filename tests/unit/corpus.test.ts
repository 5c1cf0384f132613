// The bad-input corpus (tests/corpus/, format in tests/corpus/README.md): every case runs the real binary
// (node bin/tenglong.mjs) on its prepared inputs and must end with its exit code, print its message fragments and
// leave the served data as it says. One test per case; a case marked "known_failure" runs as it.fails, so the suite
// stays green while the code is fixed and turns red as soon as the fix lands (then remove the mark).
//   npx vitest run tests/unit/corpus.test.ts                      the whole corpus
//   npx vitest run tests/unit/corpus.test.ts -t build-geom-bowtie one case (or every case whose name contains it)
// CORPUS_JOBS=N sets how many CLI processes run at once (default 3); CORPUS_KEEP=1 keeps the temp folders.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { basePrebuilt, checkRun, installPrebuilt, loadCases, newTmpRoot, prepare, report, runCase } from '../corpus/_lib/corpus.ts';

const cases = loadCases();
const tmpRoot = newTmpRoot();
const TIMEOUT = 240_000;

afterAll(() => {
  if (process.env['CORPUS_KEEP'] === '1') return;
  try {
    rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (e) {
    // Cleaning up is not what the corpus tests; say what is left behind instead of failing the run.
    console.warn(`corpus: could not remove ${tmpRoot}: ${e instanceof Error ? e.message : String(e)}`);
  }
});

describe('bad-input corpus', () => {
  it('has at least 70 cases, each with a distinct name', () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
    expect(new Set(cases.map((c) => c.name.toLowerCase())).size).toBe(cases.length);
  });

  it('_base: the base county builds with exit 0, every feature and record accepted', { timeout: TIMEOUT }, async () => {
    const b = await basePrebuilt(tmpRoot);
    expect(b.result.code, `${b.result.stderr}\n${b.result.stdout}`).toBe(0);
    expect(b.result.stderr).toBe('');
    expect(b.result.stdout).toMatch(/parcels: 20\/20 accepted/);
    expect(b.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  // A known failure passes only by failing its expectations; a broken set-up (an edit that cannot be applied, a
  // killed process) would also make it.fails pass, so those are collected and reported by the test after the cases.
  const setupErrors: string[] = [];

  describe.concurrent('cases', () => {
    for (const c of cases) {
      const known = c.spec.known_failure !== undefined;
      const body = async () => {
        let p: ReturnType<typeof prepare>;
        let previous: string | null = null;
        try {
          p = prepare(c, tmpRoot);
          const needsBase = c.spec.prebuild === true || c.spec.after?.served === 'previous';
          if (needsBase) previous = await installPrebuilt(tmpRoot, p);
        } catch (e) {
          if (known) setupErrors.push(`${c.name}: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
        const r = await runCase(c, p);
        if (known && r.code === null) setupErrors.push(`${c.name}: the command did not end by itself (signal ${r.signal}, ${r.ms} ms)`);
        const problems = checkRun(c, r, p, previous);
        if (problems.length) throw new Error(report(c, r, p, problems));
      };
      if (known) it.fails(`${c.name} (known failure: ${c.spec.known_failure!.slice(0, 80)})`, { timeout: TIMEOUT }, body);
      else it(c.name, { timeout: TIMEOUT }, body);
    }
  });

  it('known failures failed on their expectations, not on their set-up', () => {
    expect(setupErrors).toEqual([]);
  });
});
