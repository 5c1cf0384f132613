#!/usr/bin/env node
// `tenglong`: runs the CLI (scripts/cli-entry.mjs) in a child process and watches it, so that what kills a process
// from the inside still ends with one clear line: when V8 runs out of heap it prints GC logs and a native stack and
// aborts, which no handler inside the process can catch. Everything else the child writes passes through unchanged.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../scripts/cli-entry.mjs', import.meta.url));
// TENGLONG_HEAP_MB sets the child's heap limit (tests use a small one to provoke an out-of-memory end).
const heap = process.env.TENGLONG_HEAP_MB;
const args = [...(heap ? [`--max-old-space-size=${heap}`] : []), entry, ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: ['inherit', 'inherit', 'pipe', 'ipc'] });
child.channel?.unref();

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));

// V8's out-of-memory report starts with one of these; from there on nothing is passed through.
const OOM_START = /<--- Last few GCs --->|<--- JS stacktrace --->|FATAL ERROR: .*(heap|Allocation failed)|JavaScript heap out of memory/;
let outOfMemory = false;
let partial = '';
child.stderr.setEncoding('utf8');
child.stderr.on('data', (text) => {
  if (outOfMemory) return;
  const lines = (partial + text).split('\n');
  partial = lines.pop() ?? '';
  for (const line of lines) {
    if (OOM_START.test(line)) {
      outOfMemory = true;
      return;
    }
    process.stderr.write(line + '\n');
  }
});

child.on('exit', (code, signal) => {
  if (!outOfMemory && partial !== '') {
    if (OOM_START.test(partial)) outOfMemory = true;
    else process.stderr.write(partial);
  }
  const command = process.argv[2] ?? '';
  if (outOfMemory || (signal === 'SIGABRT' && code === null)) {
    const building = command === 'build-data' || command === 'ensure-data';
    process.stderr.write(
      `tenglong: out of memory while running ${command || 'the command'}${building ? ' — nothing was published; the previous data stays in place' : ''}. ` +
        'Give Node more memory (NODE_OPTIONS=--max-old-space-size=4096) or split the input.\n',
    );
    process.exit(1);
  }
  if (signal) {
    if (signal !== 'SIGINT' && signal !== 'SIGTERM') process.stderr.write(`tenglong: stopped by ${signal}\n`);
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGHUP: 1 }[signal] ?? 1));
  }
  process.exit(code ?? 1);
});
