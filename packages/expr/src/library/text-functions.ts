import { lowerCase, upperCase } from './case-mapping.ts';
import type { LibraryFunction } from './library-function.ts';
import { TRIM_PATTERN, isBlankString } from './whitespace.ts';

const TRIM = new RegExp(TRIM_PATTERN, 'g');

export const TEXT_FUNCTIONS: LibraryFunction[] = [
  {
    name: 'lower',
    description: 'The text in lower case.',
    params: ['text'],
    sql: true,
    overloads: [{ signature: 'lower(string): string', handler: lowerCase }],
  },
  {
    name: 'upper',
    description: 'The text in upper case.',
    params: ['text'],
    sql: true,
    overloads: [{ signature: 'upper(string): string', handler: upperCase }],
  },
  {
    name: 'trim',
    description: 'The text without leading and trailing spaces (also full-width spaces).',
    params: ['text'],
    sql: true,
    overloads: [{ signature: 'trim(string): string', handler: (s: string) => s.replace(TRIM, '') }],
  },
  {
    name: 'isBlank',
    description: 'True when the text is empty, only spaces, or has no value.',
    params: ['text'],
    sql: true,
    nullAware: true,
    overloads: [{ signature: 'isBlank(string): bool', handler: (s: string | null) => s === null || isBlankString(s) }],
  },
];
