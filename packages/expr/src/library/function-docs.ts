import { fromCelJsType } from '../analyze/type-names.ts';
import { LIBRARY } from './library.ts';

export interface ExprFunctionDoc {
  name: string;
  /** e.g. 'addDays(timestamp, int): timestamp' or 'string.startsWith(string): bool' */
  signatures: string[];
  description: string;
  /** Usable in conditions that run in the database (row-level permissions, list filters). */
  sql: boolean;
}

const BUILT_INS: ExprFunctionDoc[] = [
  { name: 'startsWith', signatures: ['string.startsWith(string): bool'], description: 'True when the text starts with the given text.', sql: true },
  { name: 'endsWith', signatures: ['string.endsWith(string): bool'], description: 'True when the text ends with the given text.', sql: true },
  { name: 'contains', signatures: ['string.contains(string): bool'], description: 'True when the text contains the given text.', sql: true },
  { name: 'matches', signatures: ['string.matches(string): bool'], description: 'True when the text matches the regular expression (a literal pattern).', sql: false },
  { name: 'size', signatures: ['size(string): int', 'size(list): int'], description: 'The number of characters of a text, or of items of a list.', sql: true },
  { name: 'in', signatures: ['value in list'], description: 'True when the list holds the value, e.g. stage in ["won", "lost"].', sql: true },
  { name: '?:', signatures: ['condition ? a : b'], description: 'a when the condition is true, else b.', sql: true },
  { name: 'exists', signatures: ['list.exists(x, condition): bool'], description: 'True when some item satisfies the condition.', sql: false },
  { name: 'all', signatures: ['list.all(x, condition): bool'], description: 'True when every item satisfies the condition.', sql: false },
  { name: 'filter', signatures: ['list.filter(x, condition): list'], description: 'The items that satisfy the condition.', sql: false },
  { name: 'map', signatures: ['list.map(x, expression): list'], description: 'The expression applied to every item.', sql: false },
  { name: 'timestamp', signatures: ['timestamp(string): timestamp'], description: 'The date and time of an ISO 8601 text, e.g. "2024-01-31T00:00:00Z".', sql: true },
  { name: 'string', signatures: ['string(value): string'], description: 'The value as text.', sql: false },
  { name: 'double', signatures: ['double(value): double'], description: 'The value as a number.', sql: false },
];

/** The functions of the expression language with descriptions, for the studio. */
export function exprFunctionDocs(): ExprFunctionDoc[] {
  const library = LIBRARY.map((fn) => ({
    name: fn.name,
    signatures: fn.overloads.map((o) => fromCelJsType(o.signature)),
    description: fn.description,
    sql: fn.sql === true,
  }));
  return [...library, ...BUILT_INS];
}
