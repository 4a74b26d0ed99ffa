/*
 * lower()/upper() must give the same result in the browser, in Node and in any PostgreSQL,
 * whatever its locale. PostgreSQL's own lower() follows the database's ctype (and its Unicode
 * version), so SQL uses ASCII-only lower(x COLLATE "C") plus translate() with the fixed table
 * below, and JS applies the same table. Characters whose case mapping is not one-to-one
 * (ß → SS, İ → i̇, ligatures) are left unchanged.
 */
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00c0, 0x024f], // Latin-1 Supplement, Latin Extended-A/B
  [0x0370, 0x03ff], // Greek
  [0x0400, 0x052f], // Cyrillic
  [0x0531, 0x0586], // Armenian
  [0x1e00, 0x1eff], // Latin Extended Additional (Vietnamese)
  [0xff21, 0xff5a], // fullwidth Latin
];

export interface CaseTable {
  readonly map: ReadonlyMap<string, string>;
  /** translate() arguments for SQL: `from` and `to` have one character per mapping. */
  readonly from: string;
  readonly to: string;
}

function buildTable(convert: (ch: string) => string): CaseTable {
  const map = new Map<string, string>();
  for (const [lo, hi] of RANGES) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      const mapped = convert(ch);
      if (mapped !== ch && mapped.length === 1) map.set(ch, mapped);
    }
  }
  return { map, from: [...map.keys()].join(''), to: [...map.values()].join('') };
}

export const LOWER_TABLE: CaseTable = buildTable((ch) => ch.toLowerCase());
export const UPPER_TABLE: CaseTable = buildTable((ch) => ch.toUpperCase());

const ASCII_ONLY = /^[ -~\t\n\r]*$/; // printable ASCII and common controls: the fast path

function convert(s: string, ascii: (s: string) => string, table: CaseTable): string {
  if (ASCII_ONLY.test(s)) return ascii(s);
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += code < 0x80 ? ascii(ch) : (table.map.get(ch) ?? ch);
  }
  return out;
}

const asciiLower = (s: string) => s.toLowerCase();
const asciiUpper = (s: string) => s.toUpperCase();

export function lowerCase(s: string): string {
  return convert(s, asciiLower, LOWER_TABLE);
}

export function upperCase(s: string): string {
  return convert(s, asciiUpper, UPPER_TABLE);
}
