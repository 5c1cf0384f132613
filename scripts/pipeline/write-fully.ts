// write(2) may write fewer bytes than asked — on a disk filling up it writes what fits and only the next call fails
// with ENOSPC. fs.writeSync returns that short count; a caller ignoring it loses the rest silently and the build
// later reads back a torn record instead of reporting a full disk. Every pipeline write goes through here.
import { writeSync } from 'node:fs';

/** Writes all of `data` (from `offset`, `length` bytes) at `position` (null: the current file position). */
export function writeFully(fd: number, data: Uint8Array | string, offset = 0, length?: number, position: number | null = null): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const end = offset + (length ?? bytes.length - offset);
  let at = offset;
  while (at < end) {
    const n = writeSync(fd, bytes, at, end - at, position === null ? null : position + (at - offset));
    // A write of nothing with bytes left: the device takes no more (write(2) reports ENOSPC on the next try).
    if (n <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    at += n;
  }
}
