// Runs corpus cases and prints what the CLI does now, with what the case expects; keeps the temp folders.
//   npx tsx tests/corpus/_lib/show.ts <case-name> [<case-name> …]     (a name may be a prefix: build-geom-)
import { existsSync, rmSync } from 'node:fs';
import { checkRun, installPrebuilt, loadCases, newTmpRoot, prepare, report, runCase } from './corpus.ts';

const names = process.argv.slice(2);
if (!names.length) {
  console.error('usage: npx tsx tests/corpus/_lib/show.ts <case-name or prefix> …');
  process.exit(2);
}
const cases = loadCases().filter((c) => names.some((n) => c.name === n || c.name.startsWith(n)));
if (!cases.length) {
  console.error(`no case matches ${names.join(', ')}`);
  process.exit(2);
}
const tmpRoot = newTmpRoot();
let failed = 0;
await Promise.all(
  cases.map(async (c) => {
    const p = prepare(c, tmpRoot);
    const needsBase = c.spec.prebuild === true || c.spec.after?.served === 'previous';
    const previous = needsBase ? await installPrebuilt(tmpRoot, p) : null;
    const r = await runCase(c, p);
    const problems = checkRun(c, r, p, previous);
    const verdict = problems.length === 0 ? (c.spec.known_failure ? 'PASSES (but marked known_failure)' : 'ok') : c.spec.known_failure ? 'fails (known failure)' : 'FAILS';
    if (problems.length && !c.spec.known_failure) failed++;
    console.log(`\n===== ${c.name}: ${verdict}\n${report(c, r, p, problems)}\ntemp folder: ${p.tmp}`);
  }),
);
if (process.env['CORPUS_KEEP'] !== '1' && existsSync(tmpRoot) && failed === 0) rmSync(tmpRoot, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
