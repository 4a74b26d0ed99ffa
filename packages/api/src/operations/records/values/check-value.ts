import type { Field } from '@mainline/model';
import type { Problem } from '../../../errors.ts';
import { valueProblem, type Locale } from './value-problem.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';

/** A value checked against its field's type and format: the value to store (API form) or a problem. */
export type Checked = { ok: true; value: unknown } | { ok: false; problem: Problem };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{3,40}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Larger magnitudes lose cents in double precision and are not amounts anyone means. */
const MAX_MAGNITUDE = 1e15;

/** Compiled `pattern`s of text fields, by source: compiled once, not per value. */
const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    if (patterns.size >= 1000) patterns.clear();
    re = new RegExp(`^(?:${source})$`, 'u');
    patterns.set(source, re);
  }
  return re;
}

// Module-level (not closures per call): checkValue runs for every value of every imported row.
function problemOf(id: string, locale: Locale, code: string, en: string, zh: string): Checked {
  return { ok: false, problem: valueProblem(id, `records.value.${code}`, locale, en, zh) };
}

function ok(value: unknown): Checked {
  return { ok: true, value };
}

/** Code points of `text`, counted only when its UTF-16 length could exceed `max`. */
function tooLong(text: string, max: number): boolean {
  if (text.length <= max) return false; // code points ≤ UTF-16 units
  return [...text].length > max;
}

/** The written types: formula, auto-number and rollup fields are computed and never reach here. */
export function checkValue(field: Field, raw: unknown, locale: Locale, before?: unknown): Checked {
  const id = field.id;
  if (raw === null) return ok(null);
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'email':
    case 'phone':
    case 'url': {
      if (typeof raw !== 'string') return problemOf(id, locale, 'type', 'Must be text.', '必须是文本。');
      if (raw === '') return ok(null); // an emptied form input
      const max = 'maxLength' in field && field.maxLength !== undefined ? field.maxLength : field.type === 'longText' ? 100000 : field.type === 'url' ? 2048 : 255;
      if (tooLong(raw, max)) return problemOf(id, locale, 'too-long', `At most ${max} characters.`, `最多 ${max} 个字符。`);
      if (field.type === 'text' && field.pattern !== undefined && !patternOf(field.pattern).test(raw)) {
        return problemOf(id, locale, 'pattern', 'Not in the required format.', '格式不正确。');
      }
      if (field.type === 'email' && (!EMAIL.test(raw) || raw.length > 254)) return problemOf(id, locale, 'email', 'Not an e-mail address.', '不是有效的邮箱地址。');
      if (field.type === 'phone' && (!PHONE.test(raw) || (raw.match(/\d/g) ?? []).length < 3)) {
        return problemOf(id, locale, 'phone', 'Not a telephone number (digits, spaces, +, -, parentheses).', '不是有效的电话号码（数字、空格、+、-、括号）。');
      }
      if (field.type === 'url' && !isWebAddress(raw)) return problemOf(id, locale, 'url', 'Not a web address (http or https).', '不是有效的网址（http 或 https）。');
      return ok(raw);
    }
    case 'number':
    case 'currency':
    case 'percent': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return problemOf(id, locale, 'type', 'Must be a number.', '必须是数字。');
      if (Math.abs(raw) > MAX_MAGNITUDE) return problemOf(id, locale, 'max', 'The number is too large.', '数值过大。');
      if (field.min !== undefined && raw < field.min) return problemOf(id, locale, 'min', `At least ${field.min}.`, `不能小于 ${field.min}。`);
      if (field.max !== undefined && raw > field.max) return problemOf(id, locale, 'max', `At most ${field.max}.`, `不能大于 ${field.max}。`);
      const scale = field.scale ?? (field.type === 'currency' ? 2 : undefined);
      if (scale !== undefined && Number(raw.toFixed(scale)) !== raw) {
        return problemOf(id, locale, 'scale', `At most ${scale} digits after the decimal point.`, `小数点后最多 ${scale} 位。`);
      }
      return ok(raw);
    }
    case 'date': {
      if (typeof raw !== 'string' || !isRealDay(raw)) return problemOf(id, locale, 'date', 'Not a date (YYYY-MM-DD).', '不是有效日期（YYYY-MM-DD）。');
      return ok(raw);
    }
    case 'datetime': {
      const m = typeof raw === 'string' ? DATETIME.exec(raw) : null;
      if (!m || !isRealDay(`${m[1]}-${m[2]}-${m[3]}`) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[7] ?? 0) > 59 || Number.isNaN(Date.parse(raw as string))) {
        return problemOf(id, locale, 'datetime', 'Not a date and time (ISO 8601 with a time zone, e.g. 2025-03-01T09:30:00Z).', '不是有效的日期时间（ISO 8601，带时区）。');
      }
      return ok(new Date(raw as string).toISOString());
    }
    case 'boolean':
      return typeof raw === 'boolean' ? ok(raw) : problemOf(id, locale, 'type', 'Must be true or false.', '必须是 true 或 false。');
    case 'choice': {
      if (typeof raw !== 'string') return problemOf(id, locale, 'type', 'Must be one of the options.', '必须是选项之一。');
      const option = field.options.find((o) => o.value === raw);
      if (!option || (option.retired && before !== raw)) return problemOf(id, locale, 'choice', `"${raw}" is not an option.`, `"${raw}" 不是可选项。`);
      return ok(raw);
    }
    case 'multiChoice': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return problemOf(id, locale, 'type', 'Must be a list of options.', '必须是选项列表。');
      const kept = new Set(Array.isArray(before) ? (before as string[]) : []);
      const wrong = raw.filter((v) => {
        const option = field.options.find((o) => o.value === v);
        return !option || (option.retired && !kept.has(v));
      });
      if (wrong.length > 0) return problemOf(id, locale, 'choice', `Not options: ${wrong.map((v) => `"${v}"`).join(', ')}.`, `不是可选项：${wrong.map((v) => `"${v}"`).join('、')}。`);
      if (new Set(raw).size !== raw.length) return problemOf(id, locale, 'duplicate', 'An option appears twice.', '选项重复。');
      return ok(raw);
    }
    case 'reference':
    case 'user':
      if (typeof raw !== 'string' || !isUuid(raw)) return problemOf(id, locale, 'type', 'Must be a record id (uuid).', '必须是记录 ID（uuid）。');
      return ok(raw.toLowerCase());
    default:
      return problemOf(id, locale, 'read-only', 'This field is computed and cannot be written.', '该字段由系统计算，不能写入。');
  }
}

export function isRealDay(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

function isWebAddress(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
