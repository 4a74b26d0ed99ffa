import { describe, expect, it } from 'vitest';
import { compareStrings } from './compare.ts';

const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0) as number);
  const y = [...b].map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
};

describe('compareStrings', () => {
  it('orders by code point, also across the surrogate range', () => {
    const samples = ['', 'a', 'ab', 'b', 'B', '中', '中文', '，', '😀', '😀a', '\uffff', '\ue000', 'É'];
    for (const a of samples) for (const b of samples) expect(Math.sign(compareStrings(a, b))).toBe(Math.sign(byCodePoint(a, b)));
  });
});
