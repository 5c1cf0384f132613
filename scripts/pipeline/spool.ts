// Append-only files of JSON lines in the build's tmp folder: what lets the pipeline make several passes over a
// county's features while holding only one feature (and a few numbers per feature) in memory.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { writeFully } from './write-fully.ts';

const BUFFER_BYTES = 1 << 20;

/**
 * Writes lines through one reused 1 MB buffer (copying each line in, rather than keeping a list of strings: strings
 * kept until a flush outlive the young generation and make the garbage collector's old generation work for nothing);
 * the offset and length append() returns let a reader fetch one record back (SpoolReader.readAt).
 */
export class Spool {
  private fd: number | null;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private bufferedBytes = 0;
  /** Bytes written so far (the offset the next record will start at). */
  size = 0;
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends one record; returns its byte offset and length (without the newline). */
  append(value: unknown): { offset: number; length: number } {
    return this.appendText(JSON.stringify(value));
  }

  /** Appends one line of JSON text already serialised (no newline inside). */
  appendText(line: string): { offset: number; length: number } {
    const length = Buffer.byteLength(line);
    const offset = this.size;
    if (this.fd === null) throw new Error(`spool ${this.path} is closed`);
    if (this.bufferedBytes + length + 1 > BUFFER_BYTES) this.flush();
    if (length + 1 > BUFFER_BYTES) {
      writeFully(this.fd, line + '\n');
    } else {
      this.bufferedBytes += this.buffer.write(line, this.bufferedBytes, 'utf8');
      this.buffer[this.bufferedBytes++] = 0x0a;
    }
    this.size += length + 1;
    this.count++;
    return { offset, length };
  }

  private flush(): void {
    if (this.fd === null || this.bufferedBytes === 0) return;
    writeFully(this.fd, this.buffer, 0, this.bufferedBytes);
    this.bufferedBytes = 0;
  }

  /** Finishes writing; the spool can then be read (lines) or fetched from (readAt). */
  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Every record in order. */
  async *lines(): AsyncGenerator<unknown> {
    for await (const batch of this.textBatches()) for (const t of batch) yield JSON.parse(t);
  }

  /** The records' JSON text, a batch of lines per chunk read (fewer awaits than one per line). */
  async *textBatches(): AsyncGenerator<string[]> {
    this.close();
    let rest = '';
    for await (const chunk of createReadStream(this.path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + (chunk as string);
      const batch: string[] = [];
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        batch.push(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      yield batch;
    }
    if (rest !== '') yield [rest];
  }

  async remove(): Promise<void> {
    this.close();
    await rm(this.path, { force: true });
  }
}

/** Random access to a closed spool's records by offset and length (for writing features in Hilbert order). */
export class SpoolReader {
  private readonly fd: number;
  private buf = Buffer.alloc(1 << 16);
  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }
  readAt(offset: number, length: number): unknown {
    return JSON.parse(this.readText(offset, length));
  }
  /** The record's JSON text, unparsed. */
  readText(offset: number, length: number): string {
    if (length > this.buf.length) this.buf = Buffer.alloc(length * 2);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, this.buf, got, length - got, offset + got);
      if (n === 0) throw new Error(`spool ended early at byte ${offset + got}`);
      got += n;
    }
    return this.buf.toString('utf8', 0, length);
  }
  close(): void {
    closeSync(this.fd);
  }
}
