import type { ConfigPackage } from '@mainline/model';
import { effectiveAccess } from './effective-access.ts';
import type { EffectiveAccess, HeldRole } from './types.ts';

interface Entry {
  held: Promise<HeldRole[]>;
  loadedAt: number;
  /** Per configuration version id. */
  access: Map<number, EffectiveAccess>;
}

export interface AccessCacheOptions {
  /** How long held roles are trusted without an invalidation (other servers' changes arrive by then at the latest). Default 60 s. */
  ttlMs?: number;
  /** Users kept; the least recently used go first. Default 10,000. */
  capacity?: number;
  now?: () => number;
}

/**
 * Effective access per user and configuration version, computed once and then served from memory
 * (a request's resolution is a map look-up). Held roles are read again after `invalidate(userId)`
 * — an assignment changed — or `invalidate()` — the org tree changed, which moves subtrees — and
 * at the latest after `ttlMs`. A new version needs nothing: it has its own entry.
 */
export class AccessCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(
    private readonly loadHeld: (userId: string) => Promise<HeldRole[]>,
    options: AccessCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.capacity = options.capacity ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async accessFor(version: { id: number; package: ConfigPackage }, userId: string): Promise<EffectiveAccess> {
    const entry = this.entry(userId);
    const known = entry.access.get(version.id);
    if (known) return known;
    const access = effectiveAccess(version.package, userId, await entry.held);
    if (this.entries.get(userId) === entry) entry.access.set(version.id, access);
    return access;
  }

  /** Forget one user's roles (an assignment of theirs changed), or everyone's (the org tree changed). */
  invalidate(userId?: string): void {
    if (userId === undefined) this.entries.clear();
    else this.entries.delete(userId);
  }

  private entry(userId: string): Entry {
    const found = this.entries.get(userId);
    if (found && this.now() - found.loadedAt < this.ttlMs) {
      this.entries.delete(userId); // most recently used last
      this.entries.set(userId, found);
      return found;
    }
    const held = this.loadHeld(userId);
    const entry: Entry = { held, loadedAt: this.now(), access: new Map() };
    held.catch(() => this.entries.get(userId) === entry && this.entries.delete(userId)); // a failed read is not cached
    this.entries.set(userId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
