import { describe, expect, it } from 'vitest';
import type { ConfigPackage } from '@mainline/model';
import { AccessCache } from './access-cache.ts';
import type { HeldRole } from './types.ts';

const label = { en: 'x', 'zh-CN': 'x' };
const pkg = (scope: 'own' | 'all') =>
  ({
    id: 'p',
    name: label,
    objects: [{ id: 'deal', label, titleField: 'name', fields: [{ id: 'name', type: 'text', label }] }],
    roles: [{ id: 'rep', label, grants: [{ object: 'deal', actions: { read: { scope } } }] }],
    processes: [],
    views: [],
  }) as unknown as ConfigPackage;

describe('AccessCache', () => {
  const setup = (ttlMs = 60_000) => {
    let clock = 0;
    const reads: string[] = [];
    const held = new Map<string, HeldRole[]>([['u1', [{ roleId: 'rep', orgUnitId: 'east', subtree: ['east'] }]]]);
    const cache = new AccessCache(
      async (userId) => {
        reads.push(userId);
        return held.get(userId) ?? [];
      },
      { ttlMs, now: () => clock },
    );
    return { cache, reads, held, tick: (ms: number) => (clock += ms) };
  };

  it('reads held roles once per user and computes access once per version', async () => {
    const { cache, reads } = setup();
    const v1 = { id: 1, package: pkg('own') };
    const first = await cache.accessFor(v1, 'u1');
    expect(await cache.accessFor(v1, 'u1')).toBe(first);
    const v2 = await cache.accessFor({ id: 2, package: pkg('all') }, 'u1');
    expect(v2.objects.get('deal')!.rules.read[0]!.scope).toBe('all');
    expect(reads).toEqual(['u1']);
  });

  it('reads again after an invalidation of the user or of everyone, and after the time to live', async () => {
    const { cache, reads, held, tick } = setup(1000);
    const v1 = { id: 1, package: pkg('own') };
    await cache.accessFor(v1, 'u1');
    held.set('u1', []);
    cache.invalidate('u1');
    expect((await cache.accessFor(v1, 'u1')).objects.get('deal')!.rules.read).toEqual([]);
    cache.invalidate();
    await cache.accessFor(v1, 'u1');
    tick(999);
    await cache.accessFor(v1, 'u1');
    tick(1);
    await cache.accessFor(v1, 'u1');
    expect(reads).toEqual(['u1', 'u1', 'u1', 'u1']);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const cache = new AccessCache(async () => {
      if (fail) throw new Error('database down');
      return [];
    });
    await expect(cache.accessFor({ id: 1, package: pkg('own') }, 'u1')).rejects.toThrow('database down');
    fail = false;
    await expect(cache.accessFor({ id: 1, package: pkg('own') }, 'u1')).resolves.toMatchObject({ userId: 'u1' });
  });
});
