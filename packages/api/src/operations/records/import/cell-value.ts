import type { Field } from '@mainline/model';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const TRUE = new Set(['true', 'yes', 'y', '1', '是', '真']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '假']);

/** A reference or user cell: resolved to an id by a lookup per batch (lookups.ts). */
export interface PendingLookup {
  lookup: string;
}

export function isPending(value: unknown): value is PendingLookup {
  return typeof value === 'object' && value !== null && 'lookup' in value;
}

function optionValue(field: Extract<Field, { type: 'choice' | 'multiChoice' }>, text: string): string {
  const exact = field.options.find((o) => o.value === text);
  if (exact) return exact.value;
  const lower = text.toLowerCase();
  for (const option of field.options) {
    const label = option.label as unknown as Record<string, string | undefined>;
    if (option.value.toLowerCase() === lower || label.en?.toLowerCase() === lower || label['zh-CN'] === text) return option.value;
  }
  return text; // not an option: the value check reports it
}

function numberOf(text: string, percent: boolean): unknown {
  if (NUMBER.test(text)) return Number(text); // the common case: a plain number
  let t = text.replace(/^[$¥€£]\s*/, '').replace(/\s+/g, '');
  let scale = 1;
  if (percent && t.endsWith('%')) {
    t = t.slice(0, -1);
    scale = 100;
  }
  if (GROUPED.test(t)) t = t.replace(/,/g, '');
  if (!NUMBER.test(t)) return text; // the value check reports "Must be a number"
  const n = Number(t) / scale;
  return scale === 1 ? n : Number(n.toPrecision(15));
}

/**
 * A CSV cell as the value createRecord would take (API form), before the value checks: empty →
 * null; numbers (thousands separators, a leading currency sign, `50%` in percent fields);
 * booleans true/false, yes/no, 1/0, 是/否; choices by value or English/Chinese label;
 * multi-choice separated by `;`; references and users as pending lookups. Text that cannot be
 * converted is passed on as it is, so the value checks report it with their usual messages.
 */
export function cellValue(field: Field, cell: string): unknown {
  const text = field.type === 'longText' ? cell : cell.trim();
  if (text === '') return null;
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return numberOf(text, field.type === 'percent');
    case 'boolean': {
      const lower = text.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
    }
    case 'choice':
      return optionValue(field, text);
    case 'multiChoice':
      return text
        .split(';')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => optionValue(field, part));
    case 'reference':
    case 'user':
      return { lookup: text } satisfies PendingLookup;
    default:
      return text;
  }
}
