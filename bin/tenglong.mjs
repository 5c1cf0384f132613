#!/usr/bin/env node
// The CLI is written in TypeScript and shares src/lib with the app; tsx runs it without a build step,
// so `npx tenglong …` works straight after `npm install`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const cli = new URL('../scripts/cli.ts', import.meta.url);
const { main } = await import(fileURLToPath(cli));
process.exitCode = await main(process.argv.slice(2));
