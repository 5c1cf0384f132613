// The web-platform globals src/lib may use besides ES2022, as tsconfig.lib.json sees them: each exists in
// browsers, web workers and Node ≥ 20, the three runtimes of src/lib. Only the members src/lib uses are
// declared, so reaching for more (or for the DOM) fails `npm run check` and has to be added here on purpose.
// tsconfig.json leaves this file out: there the full DOM and Node declarations apply.

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoder {
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: TextDecoderOptions): TextDecoder };

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface URL {
  readonly origin: string;
  pathname: string;
  hash: string;
  search: string;
  href: string;
}
declare var URL: { prototype: URL; new (url: string, base?: string): URL };

/** What the HTTP byte source sends: a Range header. */
interface RequestInit {
  headers?: Record<string, string>;
}
/** What the HTTP byte source reads of an answer. */
interface Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { cancel(reason?: unknown): Promise<void> } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare function fetch(input: string, init?: RequestInit): Promise<Response>;
