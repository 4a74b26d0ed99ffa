export { advanceInstance } from './advance-instance.ts';
export { instanceProgress, type InstanceProgress, type StageProgress, type ActiveNode } from './instance-progress.ts';
export { processExprEnv } from './process-env.ts';
export { addDuration } from './duration.ts';
export { EngineError, type EngineErrorCode } from './engine-error.ts';
export { DEFAULT_STEP_BUDGET } from './run.ts';
export type * from './effects.ts';
export type * from './types.ts';
