// A tolerant reader of WKT CRS text (WKT1 as ESRI and GDAL write it in .prj files and GeoPackage srs definitions,
// and WKT2): only the tree — keyword[arg, …] with quoted strings, numbers and nested nodes. What the tree means is
// prj.ts's business. Brackets may be [] or (), as both WKT versions allow.

export interface WktNode {
  keyword: string;
  args: WktValue[];
}
export type WktValue = string | number | WktNode;

export class WktSyntaxError extends Error {
  override name = 'WktSyntaxError';
}

export function parseWkt(text: string): WktNode {
  let i = 0;
  const s = text;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new WktSyntaxError(`${what} at character ${i + 1}`);
  };
  const node = (): WktNode => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i, i + 64));
    if (!m) return fail('expected a keyword');
    const keyword = m[0].toUpperCase();
    i += m[0].length;
    ws();
    const open = s[i];
    if (open !== '[' && open !== '(') return { keyword, args: [] }; // a bare enum value such as AXIS direction NORTH
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktValue[] = [];
    for (;;) {
      ws();
      if (s[i] === close) {
        i++;
        return { keyword, args };
      }
      args.push(value());
      ws();
      if (s[i] === ',') i++;
      else if (s[i] !== close) fail(`expected "," or "${close}" in ${keyword}`);
    }
  };
  const value = (): WktValue => {
    const c = s[i];
    if (c === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= s.length) fail('unterminated string');
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            out += '"';
            i += 2;
            continue;
          }
          i++;
          return out;
        }
        out += s[i++];
      }
    }
    const num = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(s.slice(i, i + 64));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    return node();
  };
  const root = node();
  ws();
  if (i < s.length) fail('unexpected text after the definition');
  return root;
}

export const isNode = (v: WktValue | undefined): v is WktNode => typeof v === 'object' && v !== null;

/** The node's quoted name (its first argument when that is a string). */
export function nameOf(n: WktNode): string | null {
  return typeof n.args[0] === 'string' ? n.args[0] : null;
}

/** Direct children with one of the keywords. */
export function children(n: WktNode, ...keywords: string[]): WktNode[] {
  return n.args.filter((a): a is WktNode => isNode(a) && keywords.includes(a.keyword));
}

/** First node with one of the keywords, depth first (the node itself included). */
export function find(n: WktNode, ...keywords: string[]): WktNode | null {
  if (keywords.includes(n.keyword)) return n;
  for (const a of n.args) {
    if (isNode(a)) {
      const f = find(a, ...keywords);
      if (f) return f;
    }
  }
  return null;
}
