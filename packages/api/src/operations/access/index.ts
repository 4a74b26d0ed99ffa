export { explainAccess, type AccessExplanation, type ExplainAccessInput, type ExplainedAction, type ExplainedRule } from './explain-access.ts';
export { handOverWork, type HandOverWorkInput, type HandoverResult } from './hand-over-work.ts';
export type { HandedOverRecords } from './lib/hand-over-records.ts';
