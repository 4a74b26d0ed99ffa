import { describe, expect, it } from 'vitest';
import { roundTo } from './number-functions.ts';

describe('roundTo', () => {
  it('rounds half away from zero on decimal digits', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(1234.5678, -2)).toBe(1200);
    expect(roundTo(1e-7, 2)).toBe(0);
    expect(roundTo(-0.001, 2)).toBe(0);
    expect(roundTo(1e20, 2)).toBe(1e20);
  });
});
