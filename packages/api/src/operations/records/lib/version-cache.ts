import type { ActiveVersion } from '@mainline/db';
import { Lru } from './lru.ts';

/**
 * A per-version cache of things derived from the configuration only (expression environments,
 * compiled filters, select lists). Keyed by the ActiveVersion object itself: the version registry
 * hands out one frozen object per version and never changes it, so an entry can never be stale,
 * and it goes away with the version (WeakMap). A version read outside the registry (the CLI)
 * is a new object each time and simply misses.
 */
export function versionCache<V>(capacity: number): (version: ActiveVersion, key: string, make: () => V) => V {
  const byVersion = new WeakMap<ActiveVersion, Lru<string, V>>();
  return (version, key, make) => {
    let lru = byVersion.get(version);
    if (!lru) byVersion.set(version, (lru = new Lru<string, V>(capacity)));
    return lru.getOrSet(key, make);
  };
}
