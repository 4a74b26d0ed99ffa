export { explainAccess, type AccessExplanation, type ExplainAccessInput, type ExplainedAction, type ExplainedRule } from './explain-access.ts';
