import { describe, expect, it } from 'vitest';
import { resolveVersionId } from './resolve-version.ts';

describe('resolveVersionId', () => {
  const assignments = { '*': 1, hq: 2, east: 3 };
  it('takes the nearest unit with an assignment, walking up the path', () => {
    expect(resolveVersionId(assignments, '/root/hq/')).toBe(2);
    expect(resolveVersionId(assignments, '/root/hq/sales/team1/')).toBe(2);
    expect(resolveVersionId(assignments, '/root/hq/east/team/')).toBe(3);
  });
  it('falls back to the whole organisation, or to nothing', () => {
    expect(resolveVersionId(assignments, '/root/west/')).toBe(1);
    expect(resolveVersionId(assignments, null)).toBe(1);
    expect(resolveVersionId({ hq: 2 }, '/root/west/')).toBeNull();
  });
});
