import type { Database } from '../../connection/database.ts';
import { applyChange, type ApplyOptions, type ApplyResult } from '../apply.ts';
import { loadPublishState } from '../state.ts';
import { assertLiveUnits } from './check-units.ts';
import { planExtend, planPromote } from './plan-rollout.ts';

/** Gives more org units a published version (it may be one not in force any more: a re-run pilot). */
export function extendRollout(database: Database, versionId: number, units: readonly string[], options: ApplyOptions = {}): Promise<ApplyResult> {
  return applyChange(
    database,
    async (_state, tx) => {
      await assertLiveUnits(tx, units);
      return planExtend(await loadPublishState(tx, [versionId]), versionId, units);
    },
    options,
  );
}

/** Gives the whole organisation a version; the pilots end. */
export function promoteRollout(database: Database, versionId: number, options: ApplyOptions = {}): Promise<ApplyResult> {
  return applyChange(database, async (_state, tx) => planPromote(await loadPublishState(tx, [versionId]), versionId), options);
}
