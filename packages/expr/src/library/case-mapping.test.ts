import { describe, expect, it } from 'vitest';
import { LOWER_TABLE, UPPER_TABLE, lowerCase, upperCase } from './case-mapping.ts';

describe('case mapping', () => {
  it('maps ASCII, Latin, Greek, Cyrillic and fullwidth letters', () => {
    expect(lowerCase('ÉCOLE Zürich ΣΑΣ МОСКВА ＡＢＣ Việt')).toBe('école zürich σασ москва ａｂｃ việt');
    expect(upperCase('école zürich σας москва ａｂｃ việt')).toBe('ÉCOLE ZÜRICH ΣΑΣ МОСКВА ＡＢＣ VIỆT');
  });

  it('leaves Chinese, emoji and characters without a one-to-one mapping unchanged', () => {
    expect(upperCase('中文 😀 ß ﬁ')).toBe('中文 😀 ß ﬁ');
    expect(lowerCase('İ')).toBe('İ');
  });

  it('has translate() tables with one character per mapping', () => {
    for (const t of [LOWER_TABLE, UPPER_TABLE]) {
      expect(t.from.length).toBe(t.map.size);
      expect(t.to.length).toBe(t.map.size);
    }
  });
});
