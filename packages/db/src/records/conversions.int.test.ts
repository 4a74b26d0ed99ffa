import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { conversionBetween } from './conversions.ts';
import type { SqlType } from './physical-types.ts';

/** For each conversion: values the check must let through (and the cast must take) and values it must refuse. */
const cases: { from: SqlType; to: SqlType; fromCast: string; good: (string | null)[]; bad: string[] }[] = [
  { from: 'text', to: 'double precision', fromCast: 'text', good: ['1', ' 2.5 ', '-3e4', '.5', '5.', '', null, '0', '1e-300', '1.5E+10'], bad: ['abc', '1,5', 'NaN', 'Infinity', '1e999', '1e-400', '--1'] },
  { from: 'text', to: 'numeric', fromCast: 'text', good: ['1', '-0.001', '12345678901234567890.123', '1e5', ''], bad: ['abc', '1.2.3', 'NaN', ' '.repeat(0) + 'x1'] },
  { from: 'text', to: 'bigint', fromCast: 'text', good: ['12', '-7', ''], bad: ['1.5', '1e3', '99999999999999999999'] },
  { from: 'text', to: 'boolean', fromCast: 'text', good: ['true', 'Yes', '0', '', ' off ', 'F'], bad: ['maybe', '2'] },
  { from: 'text', to: 'date', fromCast: 'text', good: ['2024-02-29', ' 2024-01-05 ', '', '1999-12-31'], bad: ['2023-02-29', '2024-13-01', '2024-04-31', '24-01-01', '2024-1-5', 'today', '0000-01-01'] },
  {
    from: 'text',
    to: 'timestamptz',
    fromCast: 'text',
    good: ['2024-01-05T10:00:00Z', '2024-01-05 10:00', '2024-01-05T10:00:00.123+08:00', '2024-01-05', '2024-02-29T23:59:59-0530'],
    bad: ['2024-01-05T25:00', '2024-02-30T10:00:00Z', 'yesterday', '2024-01-05T10:00:00+25:00', '5 Jan 2024'],
  },
  { from: 'text', to: 'uuid', fromCast: 'text', good: ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', '3F2504E04F8911D39A0C0305E82C3301', ''], bad: ['abc', '3f2504e0-4f89-11d3-9a0c-0305e82c330'] },
  { from: 'numeric', to: 'bigint', fromCast: 'numeric', good: ['2', '-40', null], bad: ['1.5', '1e19'] },
  { from: 'numeric', to: 'double precision', fromCast: 'numeric', good: ['2', '0', '1e300'], bad: ['1e400', '1e-400'] },
];

describe(`column type conversions (${testEngine()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.execute(sql.raw(`CREATE TABLE rec.probe (id serial PRIMARY KEY, v text)`));
  });
  afterAll(() => database.close());

  for (const c of cases) {
    it(`${c.from} → ${c.to}: the check refuses exactly what the cast cannot take`, async () => {
      const conversion = conversionBetween(c.from, c.to)!;
      for (const [value, expectedValid] of [...c.good.map((v) => [v, true] as const), ...c.bad.map((v) => [v, false] as const)]) {
        const column = `(v::${c.fromCast})`;
        await database.db.execute(sql`DELETE FROM rec.probe`);
        await database.db.execute(sql`INSERT INTO rec.probe (v) VALUES (${value})`);
        const [flag] = await database.rows<{ invalid: boolean }>(sql.raw(`SELECT coalesce((${conversion.invalid!(column)}), false) AS invalid FROM rec.probe`));
        expect({ value, valid: !flag!.invalid }).toEqual({ value, valid: expectedValid });
        const cast = await database.db.execute(sql.raw(`SELECT (${conversion.using(column)})::text AS v FROM rec.probe`)).then(
          () => true,
          () => false,
        );
        if (expectedValid) expect({ value, casts: cast }).toEqual({ value, casts: true });
      }
    });
  }

  it('converts values as an analyst expects (blank becomes empty, lists split and join, dates taken in UTC)', async () => {
    await database.db.execute(sql.raw(`CREATE TABLE rec.shapes (id serial PRIMARY KEY, n text, l text, a text[], t timestamptz)`));
    await database.db.execute(sql`INSERT INTO rec.shapes (n, l, a, t) VALUES (' 2.5 ', 'a, b,,c', ARRAY['x','y'], '2024-01-05T23:30:00-02:00'), ('', '', NULL, NULL)`);
    const alter = (column: string, from: SqlType, to: SqlType) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL timezone = 'UTC'`);
        await tx.execute(sql.raw(`ALTER TABLE rec.shapes ALTER COLUMN ${column} TYPE ${to} USING ${conversionBetween(from, to)!.using(`"${column}"`)}`));
      });
    await alter('n', 'text', 'numeric');
    await alter('l', 'text', 'text[]');
    await alter('a', 'text[]', 'text');
    await alter('t', 'timestamptz', 'date');
    const rows = await database.rows(sql.raw(`SELECT n::text, l, a, t::text FROM rec.shapes ORDER BY id`));
    expect(rows).toEqual([
      { n: '2.5', l: ['a', 'b', 'c'], a: 'x, y', t: '2024-01-06' },
      { n: null, l: null, a: null, t: null },
    ]);
  });
});
