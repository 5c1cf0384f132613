// The CLI process itself (bin/tenglong.mjs runs it as a child and watches it). The CLI is written in TypeScript and
// shares src/lib with the app; tsx runs it without a build step, so `npx tenglong …` works straight after npm install.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

// The supervisor may die without a word (SIGKILL): do not go on building without it.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.exit(process.exitCode ?? 1));
}

// `tenglong check --json | head -1` (the reader left) or `> /dev/full` (no space): stop with one line instead of a
// stack trace. A closed pipe is how `head` says it has enough, so it is not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (stream === process.stdout) {
      const why = e.code === 'EPIPE' ? 'output closed early (the reading side, e.g. head, stopped); stopped' : `cannot write the output (${e.code === 'ENOSPC' ? 'the disk is full' : e.code ?? e.message})`;
      try {
        process.stderr.write(`tenglong: ${why}\n`);
      } catch {
        // stderr may be gone too
      }
    }
    process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 1);
  });
}

register();
const cli = new URL('./cli.ts', import.meta.url);
const { main } = await import(fileURLToPath(cli));
process.exitCode = await main(process.argv.slice(2));
