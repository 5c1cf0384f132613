// How every `tenglong` command that works on the workspace opens it (user, backup, restore, publish): PostgreSQL when
// DATABASE_URL is set, else the embedded PGlite under data/workspace/ or --workspace DIR; opened for one piece of
// work and closed again (a running server holds an embedded workspace: the command then says so and stops).
import { openWorkspace, redact, workspaceTarget, WorkspaceError, type Workspace, type WorkspaceTarget } from '../server/workspace/open.ts';
import { PATHS } from './paths.ts';

/** --workspace DIR names an embedded workspace; without it, DATABASE_URL or data/workspace/. */
export function cliWorkspaceTarget(dir: string | undefined): WorkspaceTarget {
  return dir !== undefined ? { kind: 'pglite', dir } : workspaceTarget(process.env, PATHS.workspace);
}

export const describeTarget = (t: WorkspaceTarget): string => (t.kind === 'postgres' ? `PostgreSQL ${redact(t.url)}` : `PGlite ${t.dir ?? '(memory)'}`);

/** Opens the workspace, runs `f`, closes it; a workspace that cannot be opened is one message naming it. */
export async function withWorkspace<T>(t: WorkspaceTarget, f: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(t).catch((e: unknown) => {
    throw e instanceof WorkspaceError ? new Error(`workspace (${describeTarget(t)}): ${e.message}`) : e;
  });
  try {
    return await f(ws);
  } finally {
    await ws.close();
  }
}
