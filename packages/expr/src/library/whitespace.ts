/*
 * The characters String.prototype.trim() removes (ECMAScript WhiteSpace and LineTerminator),
 * spelled for both a JS RegExp and a PostgreSQL regular expression so trim() and isBlank()
 * agree between the interpreter and SQL. U+3000 is the ideographic (full-width) space.
 */
export const WHITESPACE_CLASS =
  '[ \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

/** Pattern matching a string made of whitespace only (also the empty string). */
export const BLANK_PATTERN = `^${WHITESPACE_CLASS}*$`;

/** Pattern matching leading or trailing whitespace, for regexp_replace(…, 'g'). */
export const TRIM_PATTERN = `^${WHITESPACE_CLASS}+|${WHITESPACE_CLASS}+$`;

const BLANK = new RegExp(BLANK_PATTERN);

export function isBlankString(s: string): boolean {
  return BLANK.test(s);
}
