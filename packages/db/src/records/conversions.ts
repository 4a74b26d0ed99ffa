import type { SqlType } from './physical-types.ts';

/**
 * How a column changes type: the USING expression of ALTER COLUMN TYPE, and a condition that is
 * true for rows whose value cannot take the new type (PostgreSQL 15 has no pg_input_is_valid, so
 * these are regular-expression tests that accept exactly what the cast accepts). Both take the
 * quoted column name. Zone-less texts and dates are read in UTC: apply sets the time zone.
 */
export interface Conversion {
  using: (column: string) => string;
  invalid: ((column: string) => string) | null;
  /** Set when the conversion drops information (the time of day, extra choices); shown as a warning. */
  lossy?: { en: string; 'zh-CN': string };
}

const NUMBER = String.raw`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$`;
const INTEGER = String.raw`^[+-]?[0-9]{1,18}$`;
const DATE = String.raw`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`;
const DATETIME = String.raw`^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?([Zz]|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)?)?$`;
const UUID = String.raw`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`;
const BOOLEAN_WORDS = `('true','false','t','f','yes','no','y','n','1','0','on','off')`;

const trimmed = (c: string) => `btrim(${c})`;
/** Null and blank text convert to null; other text must match `pattern`. */
const notMatching = (pattern: string) => (c: string) => `${c} IS NOT NULL AND ${trimmed(c)} <> '' AND ${trimmed(c)} !~ '${pattern}'`;
const castBlankAsNull = (type: string) => (c: string) => `NULLIF(${trimmed(c)}, '')::${type}`;

/** A YYYY-MM-DD prefix that names a real calendar day (2023-02-29 does not); only called where the format already matched. */
const realDay = (c: string) => {
  const part = (from: number, length: number) => `substr(${trimmed(c)}, ${from}, ${length})::int`;
  return `CASE WHEN ${part(6, 2)} BETWEEN 1 AND 12 AND ${part(1, 4)} > 0 THEN ${part(9, 2)} BETWEEN 1 AND extract(day FROM make_date(${part(1, 4)}, ${part(6, 2)}, 1) + interval '1 month - 1 day')::int ELSE false END`;
};
const notADay = (pattern: string) => (c: string) =>
  `${c} IS NOT NULL AND ${trimmed(c)} <> '' AND NOT (CASE WHEN ${trimmed(c)} ~ '${pattern}' THEN ${realDay(c)} ELSE false END)`;

const toText: Partial<Record<SqlType, (c: string) => string>> = {
  'text[]': (c) => `NULLIF(array_to_string(${c}, ', '), '')`,
  timestamptz: (c) => `to_json(${c}) #>> '{}'`,
  date: (c) => `to_json(${c}) #>> '{}'`,
};

const always = (using: (c: string) => string, lossy?: Conversion['lossy']): Conversion => (lossy ? { using, invalid: null, lossy } : { using, invalid: null });

const numeric: SqlType[] = ['double precision', 'numeric', 'bigint', 'integer'];

/** The conversion between two column types, or null when there is none that makes sense. */
export function conversionBetween(from: SqlType, to: SqlType): Conversion | null {
  if (from === to) return always((c) => c);
  if (to === 'text') return always(toText[from] ?? ((c) => `${c}::text`));
  if (from === 'text') return fromText(to);
  if (numeric.includes(from) && numeric.includes(to)) {
    if (to === 'bigint' || to === 'integer') {
      return { using: (c) => `${c}::${to}`, invalid: (c) => `${c} IS NOT NULL AND (${c} <> trunc(${c}) OR abs(${c}) >= 9e18)` };
    }
    if (to === 'double precision' && from === 'numeric') return { using: (c) => `${c}::double precision`, invalid: (c) => `${c} IS NOT NULL AND ${c} <> 0 AND NOT abs(${c}) BETWEEN 2.3e-308 AND 1.7e308` };
    return always((c) => `${c}::${to}`);
  }
  if (from === 'date' && to === 'timestamptz') return always((c) => `${c}::timestamptz`);
  if (from === 'timestamptz' && to === 'date') {
    return always((c) => `(${c} AT TIME ZONE 'UTC')::date`, { en: 'the time of day is dropped (dates are taken in UTC)', 'zh-CN': '将丢弃时间部分（按 UTC 取日期）' });
  }
  return null;
}

function fromText(to: SqlType): Conversion | null {
  switch (to) {
    case 'numeric':
      return { using: castBlankAsNull(to), invalid: notMatching(NUMBER) };
    case 'double precision':
      // a number double precision cannot hold (1e999, 1e-400) fails the cast too; numeric can hold it to compare
      return {
        using: castBlankAsNull(to),
        invalid: (c) =>
          `${c} IS NOT NULL AND ${trimmed(c)} <> '' AND NOT (CASE WHEN ${trimmed(c)} ~ '${NUMBER}' THEN ${trimmed(c)}::numeric = 0 OR abs(${trimmed(c)}::numeric) BETWEEN 2.3e-308 AND 1.7e308 ELSE false END)`,
      };
    case 'bigint':
    case 'integer':
      return { using: castBlankAsNull(to), invalid: notMatching(INTEGER) };
    case 'boolean':
      return { using: (c) => `NULLIF(lower(${trimmed(c)}), '')::boolean`, invalid: (c) => `${c} IS NOT NULL AND ${trimmed(c)} <> '' AND lower(${trimmed(c)}) NOT IN ${BOOLEAN_WORDS}` };
    case 'date':
      return { using: castBlankAsNull('date'), invalid: notADay(DATE) };
    case 'timestamptz':
      return { using: castBlankAsNull('timestamptz'), invalid: notADay(DATETIME) };
    case 'uuid':
      return { using: castBlankAsNull('uuid'), invalid: notMatching(UUID) };
    case 'text[]':
      // "a, b" becomes {a,b}: the inverse of multi-choice → text
      return always((c) => `CASE WHEN ${c} IS NULL OR ${trimmed(c)} = '' THEN NULL ELSE array_remove(regexp_split_to_array(${trimmed(c)}, '\\s*,\\s*'), '') END`);
    default:
      return null;
  }
}
