import { describe, expect, it } from 'vitest';
import { childPath, isWithin, likePrefix, pathIds, rootPath } from './org-unit-path.ts';

describe('org unit paths', () => {
  it('builds paths from the top down', () => {
    const top = rootPath('a');
    expect(top).toBe('/a/');
    expect(childPath(top, 'b')).toBe('/a/b/');
    expect(pathIds('/a/b/')).toEqual(['a', 'b']);
  });

  it('treats a unit as within itself and its ancestors only', () => {
    expect(isWithin('/a/b/', '/a/')).toBe(true);
    expect(isWithin('/a/', '/a/')).toBe(true);
    expect(isWithin('/ab/', '/a/')).toBe(false);
  });

  it('escapes LIKE wildcards', () => {
    expect(likePrefix('/a_b%/')).toBe('/a\\_b\\%/%');
  });
});
