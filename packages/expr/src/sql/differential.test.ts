import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExprEnv } from '../env/create-env.ts';
import { compileExpr } from '../eval/compile-expr.ts';
import { DIFF_COLUMNS, DIFF_DDL, DIFF_SCOPE, type DiffRow, rowArbitrary, userArbitrary } from '../testing/differential-rows.ts';
import { conditionArbitrary } from '../testing/expr-arbitrary.ts';
import type { ExprUser } from '../types.ts';
import { compileToSql } from './compile-sql.ts';
import { bindSqlParams } from './sql-params.ts';

/*
 * The judge of the SQL compiler: for random rows (nulls, %, _, \, quotes, Chinese, emoji, …) and
 * random conditions of the filter subset, the rows the interpreter accepts must be exactly the
 * rows PostgreSQL returns for the compiled SQL.
 */
const env = createExprEnv(DIFF_SCOPE);
const resolver = { column: (field: string) => `"t"."${field}"` };
const ROWS = 200;

/** Rows that are all null, or hold the nastiest strings in every text column. */
function edgeRows(): DiffRow[] {
  const empty: DiffRow = {
    id: 'edge-null', owner: null, orgUnit: null, createdAt: null, s: null, s2: null,
    d: null, dn: null, n: null, b: null, ts: null, tags: null,
  };
  const texts = ['', '%', '_', '\\', "'", '\u3000', '😀', '中文'];
  return [
    empty,
    { ...empty, id: 'edge-empty', s: '', s2: '', tags: [], d: 0, dn: 0, n: 0, b: false },
    ...texts.map((s, i) => ({ ...empty, id: `edge-${i}`, s, s2: s.repeat(2), tags: [s], owner: 'u1', orgUnit: 'eu' })),
  ];
}

let db: PGlite;
let rows: DiffRow[];

beforeAll(async () => {
  const seed = Number(process.env.EXPR_DIFF_SEED ?? Date.now() % 1_000_000);
  rows = [...edgeRows(), ...fc.sample(fc.tuple(...Array.from({ length: ROWS }, (_, i) => rowArbitrary(`r${i}`))), { seed, numRuns: 1 })[0]!];
  db = new PGlite();
  await db.exec(DIFF_DDL);
  const columns = DIFF_COLUMNS.map((c) => `"${c}"`).join(', ');
  const placeholders = DIFF_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  for (const row of rows) {
    await db.query(`INSERT INTO t (${columns}) VALUES (${placeholders})`, DIFF_COLUMNS.map((c) => row[c]));
  }
  console.info(`differential table: ${rows.length} rows, seed ${seed} (EXPR_DIFF_SEED to repeat)`);
});

afterAll(async () => {
  await db?.close();
});

async function disagreement(source: string, user: ExprUser | undefined, now: Date): Promise<string | undefined> {
  const compiled = compileExpr(env, source);
  const result = compileToSql(env, source, resolver, { firstParam: 1 });
  if (!result.ok) return `not compiled to SQL: ${JSON.stringify(result.problems)}`;
  const expected = rows.filter((row) => compiled.test({ record: { ...row }, user, now })).map((r) => r.id);
  const { rows: found } = await db.query<{ id: string }>(
    `SELECT id FROM t WHERE ${result.sql.sql}`,
    bindSqlParams(result.sql.params, { user, now }),
  );
  // the strict form is two-valued on every row: true exactly where the interpreter says true
  const strict = compileToSql(env, source, resolver, { firstParam: 1, strict: true });
  if (!strict.ok) return `not compiled to strict SQL: ${JSON.stringify(strict.problems)}`;
  const { rows: truths } = await db.query<{ id: string; v: boolean | null }>(`SELECT id, (${strict.sql.sql}) AS v FROM t`, bindSqlParams(strict.sql.params, { user, now }));
  const wrongStrict = truths.filter((t) => t.v !== expected.includes(t.id));
  if (wrongStrict.length > 0) return [`strict SQL: ${strict.sql.sql}`, `differs on: ${JSON.stringify(rows.filter((r) => wrongStrict.some((w) => w.id === r.id)).slice(0, 3))}`].join('\n');
  const actual = new Set(found.map((r) => r.id));
  const wanted = new Set(expected);
  const onlySql = [...actual].filter((id) => !wanted.has(id));
  const onlyInterpreter = expected.filter((id) => !actual.has(id));
  if (onlySql.length === 0 && onlyInterpreter.length === 0) return undefined;
  const show = (ids: string[]) => JSON.stringify(rows.filter((r) => ids.includes(r.id)).slice(0, 3));
  return [
    `SQL: ${result.sql.sql}`,
    `only SQL matched: ${show(onlySql)}`,
    `only the interpreter matched: ${show(onlyInterpreter)}`,
  ].join('\n');
}

const nowArbitrary = fc.oneof(
  fc.constant(new Date('2024-05-10T15:30:00Z')),
  fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) }).map((t) => new Date(t)),
);

describe('interpreter and SQL agree', () => {
  it('on random conditions over random rows', async () => {
    await fc.assert(
      fc.asyncProperty(conditionArbitrary, userArbitrary, nowArbitrary, async (source, user, now) => {
        const problem = await disagreement(source, user, now);
        expect(problem, source).toBeUndefined();
      }),
      { numRuns: Number(process.env.EXPR_DIFF_RUNS ?? 1000) },
    );
  });

  // cases found while building the compiler, and the classic traps of three-valued logic
  it.each([
    '!(0 in [0])',
    '!(d > 1.5)',
    '!(s < "m") && !(s >= "m")',
    '(d < d) == b',
    '!s.startsWith("%_\\\\")',
    's.contains("_") || s.endsWith("%")',
    'lower(s) == "école" || upper(s) == "ΣΊΣΥΦΟΣ"',
    'isBlank(trim(s)) != isBlank(s)',
    '!(orgUnit in user.units) && owner != user.id',
    'ts > addMonths(today(), -3) && daysBetween(createdAt, now) < 400',
    '(b ? dn : 0) >= n',
    '(b ? s : null) == s2',
  ])('on %s', async (source) => {
    const user = { id: 'u1', username: 'ann', orgUnit: 'eu', roles: ['sales'], units: ['eu', '中国'] };
    expect(await disagreement(source, user, new Date('2024-05-10T15:30:00Z'))).toBeUndefined();
  });
});
