// `npm start`: prepare the sample county if missing, build the app, then run server/main.ts (the app, the data and
// the workspace API on one port). Flags after `npm start --` go to the server: --port, --host, --workspace, --config,
// --serve-internal, --no-internal (npm start -- --help lists them with the environment variables).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Runs one step with inherited output; stops `npm start` unless its exit code is one of `ok`. */
function run(label, args, ok = [0]) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== null && ok.includes(r.status)) return;
  const why = r.error ? `could not start (${r.error.message})` : r.signal ? `was killed by ${r.signal}` : `failed (exit code ${r.status})`;
  console.error(`npm start: ${label} ${why}; see the output above.`);
  process.exit(r.status || 1);
}

// Exit 3: the data was built but some features were rejected (named above, listed in internal/rejects.json): servable.
run('`tenglong ensure-data`', ['bin/tenglong.mjs', 'ensure-data'], [0, 3]);
run('`vite build`', ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);

register();
const { main } = await import(new URL('../server/main.ts', import.meta.url).href);
await main(process.argv.slice(2));
