import { ExprError } from '../expr-error.ts';
import type { CelType } from '../types.ts';

/** Turns a plain JS record value into the CEL value of a field; absent values become null. */
export type ValueReader = (raw: unknown) => unknown;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const INTEGER = /^\s*[-+]?\d+\s*$/;

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'an invalid date';
  return typeof v === 'string' ? `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"` : `a ${typeof v}`;
}

function fail(name: string, expected: string, raw: unknown): never {
  throw ExprError.of('expr.eval', `the value of '${name}' must be ${expected}, got ${describe(raw)}`);
}

function toDouble(v: unknown, name: string): number {
  if (typeof v === 'bigint') return Number(v);
  // PostgreSQL numeric columns arrive as text
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return fail(name, 'a number', v);
}

function toInt(v: unknown, name: string): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && INTEGER.test(v)) return BigInt(v.trim());
  return fail(name, 'a whole number', v);
}

function toDate(v: unknown, name: string): Date {
  const d = typeof v === 'string' || typeof v === 'number' ? new Date(v) : v;
  if (d instanceof Date && !Number.isNaN(d.getTime())) return d;
  return fail(name, 'a date (Date or ISO text)', v);
}

export function readerFor(type: CelType, name: string): ValueReader {
  switch (type) {
    case 'double':
      return (v) => (typeof v === 'number' ? v : v == null ? null : toDouble(v, name));
    case 'int':
      return (v) => (typeof v === 'bigint' ? v : v == null ? null : toInt(v, name));
    case 'string':
      return (v) => (typeof v === 'string' ? v : v == null ? null : fail(name, 'text', v));
    case 'bool':
      return (v) => (typeof v === 'boolean' ? v : v == null ? null : fail(name, 'true or false', v));
    case 'timestamp':
      return (v) => (v == null ? null : v instanceof Date && v.getTime() === v.getTime() ? v : toDate(v, name));
    case 'list<string>':
      return (v) => (Array.isArray(v) ? v : v == null ? null : fail(name, 'a list of texts', v));
    case 'dyn':
      return (v) => (v === undefined ? null : v);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** CEL result → plain JS: ints become numbers when they fit, lists are copied. */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
  if (Array.isArray(v)) return v.map(toPlain);
  return v === undefined ? null : v;
}
