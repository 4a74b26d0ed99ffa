/** Stable codes of events the engine refuses (the caller's mistake or a race it should report as a conflict). */
export type EngineErrorCode =
  | 'process.already-started'
  | 'process.not-started'
  | 'process.task-not-open'
  | 'process.outcome-unknown'
  | 'process.incident-unknown'
  | 'process.timer-kind'
  | 'process.migration-ended'
  | 'process.migration-unmapped'
  | 'process.migration-restart-node';

/** Thrown by `advanceInstance` (and `migrateInstance`) for an event that does not fit the state; the state is unchanged. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}
