import type { CelTypeDecl } from '../analyze/cel-ast.ts';

/** Code point order (as PostgreSQL's COLLATE "C" on UTF-8), not JS's UTF-16 code unit order. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // surrogates (astral code points) sort after U+E000–U+FFFF
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

export type ValueKind = 'number' | 'string' | 'bool' | 'time';

/** The kind of a statically typed operand, when we compare such values ourselves. */
export function valueKind(type: CelTypeDecl | undefined): ValueKind | undefined {
  switch (type?.name) {
    case 'int':
    case 'double':
      return 'number';
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'google.protobuf.Timestamp':
      return 'time';
    default:
      return undefined;
  }
}

type Pair = (a: never, b: never) => boolean;

const RELATIONAL: Record<string, Record<ValueKind, Pair>> = {
  '<': {
    number: (a: number, b: number) => a < b,
    string: (a: string, b: string) => compareStrings(a, b) < 0,
    bool: (a: boolean, b: boolean) => a < b,
    time: (a: Date, b: Date) => a.getTime() < b.getTime(),
  },
  '<=': {
    number: (a: number, b: number) => a <= b,
    string: (a: string, b: string) => compareStrings(a, b) <= 0,
    bool: (a: boolean, b: boolean) => a <= b,
    time: (a: Date, b: Date) => a.getTime() <= b.getTime(),
  },
  '>': {
    number: (a: number, b: number) => a > b,
    string: (a: string, b: string) => compareStrings(a, b) > 0,
    bool: (a: boolean, b: boolean) => a > b,
    time: (a: Date, b: Date) => a.getTime() > b.getTime(),
  },
  '>=': {
    number: (a: number, b: number) => a >= b,
    string: (a: string, b: string) => compareStrings(a, b) >= 0,
    bool: (a: boolean, b: boolean) => a >= b,
    time: (a: Date, b: Date) => a.getTime() >= b.getTime(),
  },
};

const EQUALS: Record<ValueKind, Pair> = {
  // number == bigint compares the mathematical values
  number: (a: number, b: number) => a == b,
  string: (a: string, b: string) => a === b,
  bool: (a: boolean, b: boolean) => a === b,
  time: (a: Date, b: Date) => a.getTime() === b.getTime(),
};

export type Comparison = (a: unknown, b: unknown) => boolean;

/** A direct comparison for two operands of the same kind, or undefined to let cel-js dispatch. */
export function comparisonFor(op: string, left?: CelTypeDecl, right?: CelTypeDecl): Comparison | undefined {
  const kind = valueKind(left);
  if (!kind || kind !== valueKind(right)) return undefined;
  const fn = op === '==' ? EQUALS[kind] : RELATIONAL[op]?.[kind];
  return fn as Comparison | undefined;
}
