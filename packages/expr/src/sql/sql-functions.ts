import { LOWER_TABLE, UPPER_TABLE } from '../library/case-mapping.ts';
import { BLANK_PATTERN, TRIM_PATTERN } from '../library/whitespace.ts';
import { type SqlFragment, collateC, pred, value } from './sql-fragment.ts';
import type { SqlParams } from './sql-params.ts';

type Translation = (args: SqlFragment[], params: SqlParams, argTypes: string[]) => SqlFragment | undefined;

const sql = (args: SqlFragment[], i: number): string => (args[i] as SqlFragment).sql;

/** Global functions that can run in the database, by name. */
export const SQL_FUNCTIONS: Readonly<Record<string, Translation>> = {
  isNull: (a) => pred(`(${sql(a, 0)} IS NULL)`),
  orElse: (a) => value(`COALESCE(${sql(a, 0)}, ${sql(a, 1)})`),
  isBlank: (a, p) => pred(`(${sql(a, 0)} IS NULL OR ${collateC(sql(a, 0))} ~ ${p.value(BLANK_PATTERN, 'text')})`),
  // lower() under "C" maps ASCII only, whatever the server's locale; translate() does the rest
  lower: (a, p) =>
    value(`translate(lower(${collateC(sql(a, 0))}), ${p.value(LOWER_TABLE.from, 'text')}, ${p.value(LOWER_TABLE.to, 'text')})`),
  upper: (a, p) =>
    value(`translate(upper(${collateC(sql(a, 0))}), ${p.value(UPPER_TABLE.from, 'text')}, ${p.value(UPPER_TABLE.to, 'text')})`),
  trim: (a, p) => value(`regexp_replace(${collateC(sql(a, 0))}, ${p.value(TRIM_PATTERN, 'text')}, '', 'g')`),
  today: (_a, p) => value(p.variable(['today'], 'timestamptz')),
  addDays: (a) => value(`(${sql(a, 0)} + make_interval(secs => (${sql(a, 1)}) * 86400))`),
  addMonths: (a) =>
    value(`(((${sql(a, 0)}) AT TIME ZONE 'UTC' + make_interval(months => (${sql(a, 1)})::integer)) AT TIME ZONE 'UTC')`),
  daysBetween: (a) => value(`(((${sql(a, 1)}) AT TIME ZONE 'UTC')::date - ((${sql(a, 0)}) AT TIME ZONE 'UTC')::date)`),
  size: (a, _p, types) => size(sql(a, 0), types[0]),
};

function size(arg: string, type: string | undefined): SqlFragment | undefined {
  if (type === 'string') return value(`char_length(${arg})`);
  if (type?.startsWith('list<')) return value(`cardinality(${arg})`);
  return undefined;
}

/**
 * Methods on a receiver (the receiver is args[0]). The string tests compare characters (left, right, strpos), so `%`,
 * `_` and backslashes in the values need no escaping; with a NULL operand they are false, as in
 * the interpreter.
 */
export const SQL_METHODS: Readonly<Record<string, Translation>> = {
  startsWith: (a) => pred(`COALESCE(${collateC(`left(${sql(a, 0)}, char_length(${sql(a, 1)}))`)} = ${sql(a, 1)}, false)`),
  endsWith: (a) => pred(`COALESCE(${collateC(`right(${sql(a, 0)}, char_length(${sql(a, 1)}))`)} = ${sql(a, 1)}, false)`),
  contains: (a) => pred(`COALESCE(strpos(${sql(a, 0)}, ${collateC(sql(a, 1))}) > 0, false)`),
  size: (a, _p, types) => size(sql(a, 0), types[0]),
};
