import { describe, expect, it } from 'vitest';
import { TRIM_PATTERN, isBlankString } from './whitespace.ts';

describe('whitespace', () => {
  it('recognises blank strings including the ideographic space', () => {
    expect(isBlankString('')).toBe(true);
    expect(isBlankString(' \t\n\u3000\u00a0')).toBe(true);
    expect(isBlankString(' x ')).toBe(false);
  });

  it('trims like String.prototype.trim', () => {
    const samples = ['  a b  ', '\u3000中文\u3000', '\ufeffx\u2028', 'none'];
    const re = new RegExp(TRIM_PATTERN, 'g');
    for (const s of samples) expect(s.replace(re, '')).toBe(s.trim());
  });
});
