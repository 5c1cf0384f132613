// Every feature or record the build sets aside, kept whole (nothing lost) without holding them in memory: appended to
// a spool, written out as internal/rejects.json at the end. The first few stay in memory for the CLI and the report.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { writeFully } from './write-fully.ts';
import { featureLabel } from '../../src/lib/data/ingest.ts';
import { Spool } from './spool.ts';

export interface LoggedReject {
  file: string;
  index: number;
  id: string | null;
  reason: string;
  feature: unknown;
}

const KEEP_FIRST = 100;

export class RejectLog {
  private readonly spool: Spool;
  private readonly head: Omit<LoggedReject, 'feature'>[] = [];
  count = 0;

  constructor(
    path: string,
    private readonly onReject?: (r: LoggedReject) => void,
  ) {
    this.spool = new Spool(path);
  }

  add(r: LoggedReject): void {
    this.count++;
    this.onReject?.(r);
    if (this.head.length < KEEP_FIRST) this.head.push({ file: r.file, index: r.index, id: r.id, reason: r.reason });
    this.spool.append(r);
  }

  /** The first rejects (file, index, id, reason), at most 100. */
  firstEntries(): Omit<LoggedReject, 'feature'>[] {
    return [...this.head];
  }

  /** "feature P-3 (#2): reason" of the first reject of `file`, for a one-line refusal. */
  first(file: string): string {
    const r = this.head.find((x) => x.file === file);
    return r ? `${featureLabel(r.id, r.index)}: ${r.reason}` : 'see internal/rejects.json';
  }

  /** internal/rejects.json: `{ "rejects": [ {file, index, id, reason, feature}, … ] }`, one reject per line. */
  async writeJson(path: string): Promise<void> {
    const fd = openSync(path, 'w');
    try {
      writeFully(fd, '{"rejects":[');
      let first = true;
      for await (const r of this.spool.lines()) {
        writeFully(fd, (first ? '\n' : ',\n') + JSON.stringify(r));
        first = false;
      }
      writeFully(fd, '\n]}\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await this.spool.remove();
  }
}
