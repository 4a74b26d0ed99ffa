import type { ActiveVersion, VersionRegistry } from '@mainline/db';

/** The configuration version a caller works in, as seen when their request started. */
export interface ConfigInForce {
  /** Resolved on first use and then fixed: a publish during the request does not change it. */
  version(): Promise<ActiveVersion | null>;
}

/**
 * Takes the registry's snapshot now, so a request that started before a publish finishes on the
 * version it started with, even if the new version arrives while it runs.
 */
export function configInForce(registry: VersionRegistry, orgUnitId: string | null): ConfigInForce {
  const snapshot = registry.snapshot;
  let resolved: Promise<ActiveVersion | null> | undefined;
  return { version: () => (resolved ??= registry.versionForUnit(orgUnitId, snapshot)) };
}
