// What table.ts uses of papaparse (5.x), declared here rather than taken from @types/papaparse (see lib-papaparse.js).

export interface PapaParseError {
  type: 'Quotes' | 'Delimiter' | 'FieldMismatch';
  code: string;
  message: string;
  /** 0-based index of the record. */
  row?: number;
}

export interface PapaParseResult {
  data: string[][];
  errors: PapaParseError[];
}

declare const Papa: {
  parse(text: string, config: { skipEmptyLines?: boolean | 'greedy' }): PapaParseResult;
};
export default Papa;
