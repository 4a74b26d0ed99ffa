import { describe, expect, it } from 'vitest';
import { addDuration } from './duration.ts';

const from = new Date('2025-01-31T10:00:00.000Z');

describe('addDuration', () => {
  it.each([
    ['P3D', '2025-02-03T10:00:00.000Z'],
    ['PT4H', '2025-01-31T14:00:00.000Z'],
    ['P1DT12H', '2025-02-01T22:00:00.000Z'],
    ['P2W', '2025-02-14T10:00:00.000Z'],
    ['PT90M', '2025-01-31T11:30:00.000Z'],
    ['PT30S', '2025-01-31T10:00:30.000Z'],
    ['P1M', '2025-02-28T10:00:00.000Z'], // clamped to the end of February
    ['P1Y1M', '2026-02-28T10:00:00.000Z'],
    ['P13M', '2026-02-28T10:00:00.000Z'],
  ])('adds %s', (duration, expected) => {
    expect(addDuration(from, duration).toISOString()).toBe(expected);
  });

  it('clamps to February 29 in a leap year and back from it', () => {
    expect(addDuration(new Date('2024-01-31T00:00:00Z'), 'P1M').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addDuration(new Date('2024-02-29T00:00:00Z'), 'P1Y').toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });

  it('refuses text that is not a duration', () => {
    for (const bad of ['P', 'PT', '3D', 'P1H', '']) expect(() => addDuration(from, bad)).toThrow(RangeError);
  });
});
