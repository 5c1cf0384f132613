// The CLI process itself (bin/tenglong.mjs runs it as a child and watches it). The CLI is written in TypeScript and
// shares src/lib with the app; tsx runs it without a build step, so `npx tenglong …` works straight after npm install.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

// The supervisor may die without a word (SIGKILL): do not go on building without it.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.exit(process.exitCode ?? 1));
}

// `tenglong check --json | head -1`: the reader left. Stop with one line instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    if (stream === process.stdout) {
      try {
        process.stderr.write('tenglong: output closed early (the reading side, e.g. head, stopped); stopped\n');
      } catch {
        // stderr may be gone too
      }
    }
    process.exit(process.exitCode ?? 0);
  });
}

register();
const cli = new URL('./cli.ts', import.meta.url);
const { main } = await import(fileURLToPath(cli));
process.exitCode = await main(process.argv.slice(2));
