// `npm start`: prepare the sample county if missing, build the app, serve it on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { preview } from 'vite';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, ['bin/tenglong.mjs', 'ensure-data']);
run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
const port = Number(process.env.PORT ?? 4173);
const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true } });
const url = server.resolvedUrls?.local?.[0] ?? `http://127.0.0.1:${port}/`;
console.log(`\n腾笼 Tenglong is running on the sample county (示例数据): ${url}\nPress Ctrl+C to stop.`);
