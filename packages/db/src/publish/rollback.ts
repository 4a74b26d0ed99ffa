import type { Database } from '../connection/database.ts';
import { applyChange, type ApplyOptions, type ApplyResult } from './apply.ts';
import { planRollback } from './rollout/plan-rollout.ts';

/**
 * Rollback in one command: undoes the newest publish, extend or promote not yet undone, so the
 * assignments before it are in force again. Columns a type change converted are converted back
 * (checked first); tables and columns the undone version added stay, hidden, with their data.
 */
export function rollback(database: Database, options: ApplyOptions = {}): Promise<ApplyResult> {
  return applyChange(database, (state) => planRollback(state), options);
}
