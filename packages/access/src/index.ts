export * from './types.ts';
export { effectiveAccess, roleClosure } from './effective-access.ts';
export { allows, inScope, judgeRules, type RuleOutcome, type ScopedRecord } from './rule-match.ts';
export { rulesSql, type RulesSqlOptions } from './rules-sql.ts';
export { loadHeldRoles } from './held-roles.ts';
export { AccessCache, type AccessCacheOptions } from './access-cache.ts';
