import { eq, inArray } from 'drizzle-orm';
import type { ConfigPackage } from '@mainline/model';
import type { Database } from '../connection/database.ts';
import type { VersionPhysical } from '../records/physical-types.ts';
import { orgUnits } from '../schema/platform.ts';
import { configVersions, rolloutAssignments, WHOLE_ORGANISATION } from '../schema/publishing.ts';
import { CONFIG_CHANNEL } from './apply.ts';
import type { Assignments } from './plan-types.ts';
import { resolveVersionId } from './rollout/resolve-version.ts';

/** A published version as the runtime uses it: deeply frozen, never changed once loaded. */
export interface ActiveVersion {
  readonly id: number;
  readonly hash: string;
  readonly package: ConfigPackage;
  readonly physical: VersionPhysical;
  readonly message: string;
  readonly createdAt: Date;
}

/** The assignments and versions in force at one moment; replaced as a whole on every reload. */
export interface RolloutSnapshot {
  readonly assignments: Readonly<Assignments>;
  readonly versions: ReadonlyMap<number, ActiveVersion>;
  /** Increases with every reload that changed something. */
  readonly generation: number;
}

export interface VersionRegistryOptions {
  /** Follow NOTIFY on 'mainline_config' (default true). */
  listen?: boolean;
  /** Also reload this often, in case a notification was missed (a dropped connection); 0 = never. Default 60 s. */
  pollIntervalMs?: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Which configuration version applies where, for a running server. Resolves the version of an
 * org unit (the nearest unit upwards with an assignment, else the whole organisation's), caches
 * versions by id, and reloads when apply announces a change (NOTIFY, delivered on commit), so a
 * server picks up a new version without a restart. A request keeps the ActiveVersion object it
 * resolved at its start: reloads replace the snapshot, never the objects in it.
 */
export class VersionRegistry {
  private current: RolloutSnapshot = { assignments: {}, versions: new Map(), generation: 0 };
  private readonly cache = new Map<number, ActiveVersion>();
  private reloading: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<(snapshot: RolloutSnapshot) => void>();

  private constructor(private readonly database: Database) {}

  static async open(database: Database, options: VersionRegistryOptions = {}): Promise<VersionRegistry> {
    const registry = new VersionRegistry(database);
    // Listen before the first load, so a publish committed in between is not missed.
    if (options.listen !== false) registry.unlisten = await database.listen(CONFIG_CHANNEL, () => void registry.reload().catch(() => undefined));
    await registry.reload();
    const every = options.pollIntervalMs ?? 60_000;
    if (every > 0) {
      registry.timer = setInterval(() => void registry.reload().catch(() => undefined), every);
      registry.timer.unref();
    }
    return registry;
  }

  get snapshot(): RolloutSnapshot {
    return this.current;
  }

  /** The version of a unit given by its path (`/root/…/unit/`); null for a user without a unit. */
  versionForPath(unitPath: string | null, snapshot: RolloutSnapshot = this.current): ActiveVersion | null {
    const id = resolveVersionId(snapshot.assignments, unitPath);
    return id === null ? null : (snapshot.versions.get(id) ?? null);
  }

  /** The version of an org unit by id; looks the unit's path up only when pilots exist. */
  async versionForUnit(unitId: string | null, snapshot: RolloutSnapshot = this.current): Promise<ActiveVersion | null> {
    const pilots = Object.keys(snapshot.assignments).some((key) => key !== WHOLE_ORGANISATION);
    if (!pilots || unitId === null) return this.versionForPath(null, snapshot);
    const [unit] = await this.database.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
    return this.versionForPath(unit?.path ?? null, snapshot);
  }

  /** Any published version, in force or not (cached). */
  async version(id: number): Promise<ActiveVersion | null> {
    return this.cache.get(id) ?? (await this.load([id])).get(id) ?? null;
  }

  /** Calls `listener` after every reload that changed the assignments; returns the unsubscribe function. */
  onChange(listener: (snapshot: RolloutSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the assignments again (and any version not cached yet). Reloads run one after another. */
  reload(): Promise<void> {
    const next = this.reloading.then(() => this.readSnapshot());
    this.reloading = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.();
    this.unlisten = null;
  }

  private async readSnapshot(): Promise<void> {
    const rows = await this.database.db.select().from(rolloutAssignments);
    const assignments: Assignments = Object.fromEntries(rows.map((r) => [r.unitKey, r.versionId]));
    const versions = await this.load([...new Set(Object.values(assignments))]);
    const changed = JSON.stringify(Object.entries(assignments).sort()) !== JSON.stringify(Object.entries(this.current.assignments).sort());
    if (!changed) return;
    this.current = deepFreeze({ assignments, versions, generation: this.current.generation + 1 });
    for (const listener of this.listeners) listener(this.current);
  }

  private async load(ids: number[]): Promise<Map<number, ActiveVersion>> {
    const missing = ids.filter((id) => !this.cache.has(id));
    if (missing.length > 0) {
      const rows = await this.database.db.select().from(configVersions).where(inArray(configVersions.id, missing));
      for (const row of rows) {
        this.cache.set(row.id, deepFreeze({ id: row.id, hash: row.hash, package: row.package, physical: row.physical, message: row.message, createdAt: row.createdAt }));
      }
    }
    return new Map(ids.flatMap((id) => (this.cache.has(id) ? [[id, this.cache.get(id)!] as const] : [])));
  }
}
