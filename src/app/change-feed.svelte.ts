// Following the workspace's change feed (/api/changes, issue 14): a store reads its records with the feed position
// the server gave with them, then asks every POLL_MS for the changes after it, so a colleague's edit shows without
// reloading. One poller per store; a failed poll only marks the store stale (the next good one clears it).
import type { AuditEntry } from '../lib/workspace/records.ts';
import { api } from './workspace-api.ts';

/** How often a store asks the server for colleagues' changes. */
export const POLL_MS = 2000;

export class ChangeFeed {
  /** Set when polling failed: the store may be stale (cleared by the next good poll). */
  stale = $state(false);
  private seq = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private polling = false;

  constructor(private readonly apply: (changes: readonly AuditEntry[]) => void) {}

  /** Follows the feed from `seq` (the position read with the records), polling from now on. */
  start(seq: number): void {
    this.seq = seq;
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the feed once and applies what changed (this user's own changes too, harmlessly: versions decide). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const r = await api.changes(this.seq);
      if (r.changes.length) this.apply(r.changes);
      this.seq = r.seq;
      this.stale = false;
    } catch {
      this.stale = true;
    } finally {
      this.polling = false;
    }
  }
}
