import fc from 'fast-check';
import type { ExprScope, ExprUser } from '../types.ts';

/** The scope of the differential table; `dn` is a double field stored in a numeric column. */
export const DIFF_SCOPE: ExprScope = {
  fields: { s: 'string', s2: 'string', d: 'double', dn: 'double', n: 'int', b: 'bool', ts: 'timestamp', tags: 'list<string>' },
};

/** Linguistic collations on the text columns, as on a production server: the SQL must not depend on them. */
export const DIFF_DDL = `CREATE TABLE t (
  id text PRIMARY KEY, owner text COLLATE "en_US.utf8", "orgUnit" text, "createdAt" timestamptz,
  s text COLLATE "unicode", s2 text COLLATE "en_US.utf8", d double precision, dn numeric, n bigint,
  b boolean, ts timestamptz, tags text[] COLLATE "unicode"
)`;

export const DIFF_COLUMNS = ['id', 'owner', 'orgUnit', 'createdAt', 's', 's2', 'd', 'dn', 'n', 'b', 'ts', 'tags'] as const;

export interface DiffRow {
  id: string;
  owner: string | null;
  orgUnit: string | null;
  createdAt: Date | null;
  s: string | null;
  s2: string | null;
  d: number | null;
  dn: number | null;
  n: number | null;
  b: boolean | null;
  ts: Date | null;
  tags: string[] | null;
}

/** Strings that stress LIKE-style escaping, quoting, collation and case mapping. */
export const STRING_POOL = [
  '', ' ', '%', '_', '\\', "'", '"', '%_', 'a%', '%a', 'a_b', 'a\\b', '\\%', "O'Brien", 'say "hi"',
  '中', '中文', '文字', '中文abc', '，', '😀', '😀a', 'É', 'é', 'École', 'école', 'ÉCOLE', 'Σίσυφος',
  'ΣΊΣΥΦΟΣ', 'straße', 'ß', 'İstanbul', 'ﬁ', 'Ａｂｃ', 'ａｂｃ', 'ǅ', 'ſ', 'ı', 'K', 'abc', 'ABC', 'Abc',
  'ab', 'b', 'won', 'lost', 'open', '  padded  ', '\u3000全角\u3000', '\t', '\n', 'x\ny', '\u00a0', '\ue000', '\uffff',
];

// PostgreSQL text holds neither NUL nor lone surrogates
const wellFormed = (s: string) => !s.includes('\0') && !/\p{Cs}/u.test(s);

export const stringValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STRING_POOL) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'%_\\\'"aAbB中😀É \u3000'), maxLength: 5 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }).filter(wellFormed) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 5 }).filter(wellFormed) },
);

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 4 });

export const NUMBER_POOL = [0, -0, 1, -1, 1.5, -3.25, 0.1, 2, 5, 10, 42, 100, 10000, 1e6];

const doubleValue = fc.oneof(
  fc.constantFrom(...NUMBER_POOL),
  fc.integer({ min: -200, max: 200 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);

const MIN_TIME = Date.UTC(2023, 0, 1);
const MAX_TIME = Date.UTC(2026, 0, 1);

export const dateValue: fc.Arbitrary<Date> = fc.oneof(
  fc.integer({ min: MIN_TIME, max: MAX_TIME }).map((t) => new Date(t)),
  // midnights and month ends make today(), daysBetween and addMonths meet their edges
  fc.integer({ min: MIN_TIME / 86_400_000, max: MAX_TIME / 86_400_000 }).map((day) => new Date(day * 86_400_000)),
  fc.constantFrom('2024-01-31T23:59:59.999Z', '2024-02-29T00:00:00Z', '2024-05-10T00:00:00Z').map((s) => new Date(s)),
);

export const OWNERS = ['u1', 'u2', 'u3'];
export const UNITS = ['eu', 'eu-north', 'us', '中国'];
export const ROLES = ['sales', 'admin', 'service'];

export function rowArbitrary(id: string): fc.Arbitrary<DiffRow> {
  return fc.record({
    id: fc.constant(id),
    owner: nullable(fc.constantFrom(...OWNERS)),
    orgUnit: nullable(fc.constantFrom(...UNITS)),
    createdAt: nullable(dateValue),
    s: nullable(stringValue),
    s2: nullable(stringValue),
    d: nullable(doubleValue),
    dn: nullable(fc.integer({ min: -1_000_000, max: 1_000_000 }).map((i) => i / 100)),
    n: nullable(fc.oneof(fc.integer({ min: -200, max: 200 }), fc.constantFrom(...NUMBER_POOL.filter(Number.isInteger)))),
    b: nullable(fc.boolean()),
    ts: nullable(dateValue),
    tags: nullable(fc.array(stringValue, { maxLength: 4 })),
  });
}

export const userArbitrary: fc.Arbitrary<ExprUser | undefined> = fc.option(
  fc.record({
    id: fc.constantFrom(...OWNERS),
    username: fc.oneof(fc.constantFrom('ann', 'bob'), stringValue),
    orgUnit: nullable(fc.constantFrom(...UNITS)),
    roles: fc.subarray(ROLES),
    units: fc.subarray(UNITS),
  }),
  { nil: undefined, freq: 8 },
);
