import { describe, expect, it } from 'vitest';
import { createExprEnv } from '../env/create-env.ts';
import { SAMPLE_SCOPE } from '../testing/sample-scope.ts';
import type { SqlCompileResult } from '../types.ts';
import { compileToSql } from './compile-sql.ts';

const env = createExprEnv({ ...SAMPLE_SCOPE, withPrev: true });
const resolver = { column: (f: string) => `"t"."${f}"` };
const compile = (source: string, firstParam?: number) => compileToSql(env, source, resolver, { firstParam, strict: true });
const compileForWhere = (source: string) => compileToSql(env, source, resolver);
const sqlOf = (r: SqlCompileResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.sql;
};

describe('compileToSql output, strict (never NULL)', () => {
  it('compiles comparisons null-safely and passes values as typed parameters', () => {
    expect(sqlOf(compile('amount > 10000 && stage == "won"'))).toEqual({
      sql: '(COALESCE("t"."amount" > $1::bigint, false) AND (("t"."stage") COLLATE "C" IS NOT DISTINCT FROM $2::text))',
      params: [
        { kind: 'value', value: 10000n },
        { kind: 'value', value: 'won' },
      ],
    });
  });

  it('numbers placeholders from firstParam', () => {
    expect(sqlOf(compile('stage != "x"', 4)).sql).toBe('(("t"."stage") COLLATE "C" IS DISTINCT FROM $4::text)');
  });

  it('never writes a value into the SQL text', () => {
    const hostile = `x'); DROP TABLE t; --`;
    const r = sqlOf(compile(`stage == "${hostile.replaceAll('"', '\\"')}" || stage.startsWith("%_\\\\")`));
    expect(r.sql).not.toContain('DROP');
    expect(r.sql).not.toContain('%');
    expect(r.params.map((p) => (p.kind === 'value' ? p.value : p.path))).toEqual([hostile, '%_\\']);
  });

  it.each([
    ['amount == null', '("t"."amount" IS NULL)'],
    ['null != amount', '("t"."amount" IS NOT NULL)'],
    ['isNull(stage)', '("t"."stage" IS NULL)'],
    ['active', 'COALESCE("t"."active", false)'],
    ['!active', '(NOT COALESCE("t"."active", false))'],
    ['!(amount > 5.5)', '(NOT COALESCE("t"."amount" > $1::double precision, false))'],
    ['stage < "m"', 'COALESCE(("t"."stage") COLLATE "C" < $1::text, false)'],
    ['stage in ["a", "b"]', 'COALESCE(("t"."stage") COLLATE "C" = ANY($1::text[]), false)'],
    ['stage in [owner, "b"]', 'COALESCE(("t"."stage") COLLATE "C" IN ("t"."owner", $1::text), false)'],
    ['"vip" in tags', 'COALESCE(($1::text) COLLATE "C" = ANY("t"."tags"), false)'],
    ['orgUnit in user.units', 'COALESCE(("t"."orgUnit") COLLATE "C" = ANY($1::text[]), false)'],
    [
      'owner == user.id || createdBy == user.id',
      '((("t"."owner") COLLATE "C" IS NOT DISTINCT FROM $1::text) OR (("t"."createdBy") COLLATE "C" IS NOT DISTINCT FROM $1::text))',
    ],
    ['closeDate >= today()', 'COALESCE("t"."closeDate" >= $1::timestamptz, false)'],
    ['closeDate > addDays(now, -30)', 'COALESCE("t"."closeDate" > ($1::timestamptz + make_interval(secs => ($2::bigint) * 86400)), false)'],
    ['daysBetween(createdAt, now) > 7', `COALESCE(((($1::timestamptz) AT TIME ZONE 'UTC')::date - (("t"."createdAt") AT TIME ZONE 'UTC')::date) > $2::bigint, false)`],
    ['stage.contains("x")', 'COALESCE(strpos("t"."stage", ($1::text) COLLATE "C") > 0, false)'],
    ['size(tags) > 0', 'COALESCE(cardinality("t"."tags") > $1::bigint, false)'],
    ['orElse(amount, 0) > 5', 'COALESCE(COALESCE("t"."amount", $1::bigint) > $2::bigint, false)'],
    ['(active ? qty : 1.5) > amount', 'COALESCE(CASE WHEN COALESCE("t"."active", false) THEN "t"."qty" ELSE $1::double precision END > "t"."amount", false)'],
    ['active ? amount > 1 : true', 'CASE WHEN COALESCE("t"."active", false) THEN COALESCE("t"."amount" > $1::bigint, false) ELSE $2::boolean END'],
  ])('%s', (source, sql) => {
    expect(sqlOf(compile(source)).sql).toBe(sql);
  });

  it('folds constant sub-expressions into one parameter', () => {
    expect(sqlOf(compile('closeDate < timestamp("2024-01-01T00:00:00Z")'))).toEqual({
      sql: 'COALESCE("t"."closeDate" < $1::timestamptz, false)',
      params: [{ kind: 'value', value: new Date('2024-01-01T00:00:00Z') }],
    });
    expect(sqlOf(compile('amount > -5 * 2')).params).toEqual([{ kind: 'value', value: -10 }]);
  });

  it('passes run-time values as variables', () => {
    expect(sqlOf(compile('owner == user.id && closeDate < now && updatedAt > today()')).params).toEqual([
      { kind: 'var', path: ['user', 'id'] },
      { kind: 'var', path: ['now'] },
      { kind: 'var', path: ['today'] },
    ]);
  });
});

describe('compileToSql output for WHERE (NULL may stand for false)', () => {
  it.each([
    ['amount > 10000 && stage == "won"', '(("t"."amount" > $1::bigint) AND ("t"."stage" = $2::text))'],
    ['stage == "a" || !(amount > 5)', '(("t"."stage" = $1::text) OR (NOT COALESCE("t"."amount" > $2::bigint, false)))'],
    ['stage != "x"', '(("t"."stage") COLLATE "C" IS DISTINCT FROM $1::text)'],
    ['stage == owner', '(("t"."stage") COLLATE "C" IS NOT DISTINCT FROM "t"."owner")'],
    ['stage < "m"', '(("t"."stage") COLLATE "C" < $1::text)'],
    ['stage in ["a", "b"]', '("t"."stage" = ANY($1::text[]))'],
    ['stage in [owner, "b"]', 'COALESCE(("t"."stage") COLLATE "C" IN ("t"."owner", $1::text), false)'],
    ['orgUnit in user.units', 'COALESCE(("t"."orgUnit") COLLATE "C" = ANY($1::text[]), false)'],
    ['active', '"t"."active"'],
  ])('%s', (source, sql) => {
    expect(sqlOf(compileForWhere(source)).sql).toBe(sql);
  });
});

describe('compileToSql refusals', () => {
  it.each([
    ['stage.matches("^a")', "the function 'matches' cannot run in the database", 0, 19],
    ['amount > 1 && tags.exists(t, t == "a")', "the macro 'exists' cannot run in the database", 14, 38],
    ['prev.amount > 1', '`prev` (the record before the update) cannot run in the database', 0, 11],
    ['amount * 2 > 10', "the operator '*' cannot run in the database", 0, 10],
    ['round(amount, 0) == 1.0', "the function 'round' cannot run in the database", 0, 16],
    ['extra == 1', "the field 'extra' without a fixed type cannot run in the database", 0, 5],
  ])('%s', (source, message, start, end) => {
    expect(compile(source)).toEqual({ ok: false, problems: [{ code: 'expr.sql-unsupported', message, start, end }] });
  });

  it('reports every offending part', () => {
    const r = compile('stage.matches("a") || amount * 2 > 1');
    expect(r.ok ? [] : r.problems.map((p) => p.start)).toEqual([0, 22]);
  });

  it('reports parse, type and result-type problems like checkExpr', () => {
    expect(compile('amount >')).toMatchObject({ ok: false, problems: [{ code: 'expr.parse' }] });
    expect(compile('amount')).toMatchObject({ ok: false, problems: [{ code: 'expr.result-type' }] });
  });

  it('never throws', () => {
    const throwing = { column: () => { throw new Error('no such column'); } };
    expect(compileToSql(env, 'amount > 1', throwing)).toMatchObject({ ok: false, problems: [{ message: 'no such column' }] });
    expect(compileToSql({} as never, 'true', resolver)).toMatchObject({ ok: false });
  });
});
