// Some unit tests read the built sample county (public/data), as the CLI does: build it once if it is missing,
// so `npx vitest run` works on a clean clone too.
import { ensureData } from '../../scripts/cli.ts';

export default async function setup(): Promise<void> {
  await ensureData();
}
