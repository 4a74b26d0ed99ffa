import { describe, expect, it } from 'vitest';
import { unsafeRegexReason } from './regex-guard.ts';

describe('unsafeRegexReason', () => {
  it('accepts ordinary patterns', () => {
    for (const p of ['^[a-z]+@[a-z]+\\.com$', '(foo|bar)+', '\\d{3}-\\d{4}', '([A-Z][a-z]*)?', '[(+*]+']) {
      expect(unsafeRegexReason(p)).toBeUndefined();
    }
  });

  it('refuses nested repetition and back-references', () => {
    for (const p of ['(a+)+$', '(x*y)*', '((ab)+c)+', '(a|b+){2,}', '(a)\\1']) {
      expect(unsafeRegexReason(p)).toBeDefined();
    }
  });
});
