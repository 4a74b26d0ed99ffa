import type { ActiveVersion, RolloutSnapshot, VersionRegistry } from '@mainline/db';

/** The configuration version a caller works in, as seen when their request started. */
export interface ConfigInForce {
  /** Resolved on first use and then fixed: a publish during the request does not change it. */
  version(): Promise<ActiveVersion | null>;
}

/**
 * Resolves against the snapshot taken when the request started (default: now), so a request
 * that started before a publish finishes on the version it started with.
 */
export function configInForce(registry: VersionRegistry, orgUnitId: string | null, snapshot: RolloutSnapshot = registry.snapshot): ConfigInForce {
  let resolved: Promise<ActiveVersion | null> | undefined;
  return { version: () => (resolved ??= registry.versionForUnit(orgUnitId, snapshot)) };
}
