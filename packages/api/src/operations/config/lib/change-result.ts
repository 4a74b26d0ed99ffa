import type { ApplyResult, Assignments, CheckReport, IndexBuildReport, Localized } from '@mainline/db';
import { planView, type PlanView } from './rollout-input.ts';

/** What a publish, extend, promote or rollback returns. */
export interface ConfigChangeResult {
  /** False when nothing changed (an identical package). */
  applied: boolean;
  /** The version a publish created. */
  versionId: number | null;
  /** Who works in which version now ('*' = whole organisation). */
  assignments: Assignments;
  plan: PlanView;
  check: CheckReport | null;
  /** Indexes still being built CONCURRENTLY after the commit (large tables on PostgreSQL). */
  pendingIndexes: string[];
  indexBuilds: IndexBuildReport[];
  message: Localized;
}

export function changeResult(result: ApplyResult, message: Localized): ConfigChangeResult {
  result.indexBuildsDone?.catch(() => undefined); // failures are recorded in record_indexes
  const built = new Set(result.indexBuilds.filter((b) => b.status !== 'failed').map((b) => b.name));
  return {
    applied: result.applied,
    versionId: result.versionId,
    assignments: result.assignments,
    plan: planView(result.plan),
    check: result.check,
    pendingIndexes: result.pendingIndexes.filter((name) => !built.has(name)),
    indexBuilds: result.indexBuilds,
    message,
  };
}
