import type { ConfigPackage } from '../generated/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { buildContext, type SemanticContext } from './context.ts';
import { checkAccessExpressions } from './access-expressions.ts';
import { checkExpressionNames } from './expression-names.ts';
import { checkFieldDefaults } from './field-defaults.ts';
import { checkFieldReferences } from './field-references.ts';
import { checkFormulaCycles } from './formula-cycles.ts';
import { checkLabels } from './labels.ts';
import { checkNavigationReferences } from './navigation-references.ts';
import { checkObjectExpressions } from './object-expressions.ts';
import { checkAutomaticCycles } from './process-cycles.ts';
import { checkProcessExpressions } from './process-expressions.ts';
import { checkProcessGateways } from './process-gateways.ts';
import { checkProcessOutcomes } from './process-outcomes.ts';
import { checkParallelBalance } from './process-parallel.ts';
import { checkProcessReferences } from './process-references.ts';
import { checkProcessSteps } from './process-steps.ts';
import { checkProcessStructure } from './process-structure.ts';
import { checkQueueReferences } from './queue-references.ts';
import { checkRenames } from './renames.ts';
import { checkReservedIds } from './reserved-ids.ts';
import { checkRoleReferences } from './role-references.ts';
import { checkUniqueIds } from './unique-ids.ts';
import { checkViewReferences } from './view-references.ts';

export type SemanticCheck = (ctx: SemanticContext) => Diagnostic[];

/** Every check family, in the order their diagnostics are listed. */
export const semanticChecks: readonly (readonly [name: string, check: SemanticCheck])[] = [
  ['unique-ids', checkUniqueIds],
  ['reserved-ids', checkReservedIds],
  ['renames', checkRenames],
  ['expression-names', checkExpressionNames],
  ['field-references', checkFieldReferences],
  ['field-defaults', checkFieldDefaults],
  ['role-references', checkRoleReferences],
  ['view-references', checkViewReferences],
  ['queue-references', checkQueueReferences],
  ['navigation-references', checkNavigationReferences],
  ['process-references', checkProcessReferences],
  ['process-structure', checkProcessStructure],
  ['process-outcomes', checkProcessOutcomes],
  ['process-gateways', checkProcessGateways],
  ['process-parallel', checkParallelBalance],
  ['process-cycles', checkAutomaticCycles],
  ['process-steps', checkProcessSteps],
  ['object-expressions', checkObjectExpressions],
  ['formula-cycles', checkFormulaCycles],
  ['access-expressions', checkAccessExpressions],
  ['process-expressions', checkProcessExpressions],
  ['labels', checkLabels],
];

/**
 * Checks a schema-valid package for what JSON Schema cannot express. Never throws: a check family
 * that fails is reported as `internal.check-failed` and the others still run.
 */
export function checkSemantics(pkg: ConfigPackage): Diagnostic[] {
  return runChecks(pkg, semanticChecks);
}

const processGraphChecks = new Set(['process-structure', 'process-outcomes', 'process-gateways', 'process-parallel', 'process-cycles']);

/** Only the process-graph checks: what the studio's canvas re-runs on every edit. */
export function checkProcessGraphs(pkg: ConfigPackage): Diagnostic[] {
  return runChecks(pkg, semanticChecks.filter(([name]) => processGraphChecks.has(name)));
}

function runChecks(pkg: ConfigPackage, checks: typeof semanticChecks): Diagnostic[] {
  let ctx: SemanticContext;
  try {
    ctx = buildContext(pkg);
  } catch (error) {
    return [internalFailure('context', error)];
  }
  const out: Diagnostic[] = [];
  for (const [name, check] of checks) {
    try {
      for (const d of check(ctx)) out.push(d);
    } catch (error) {
      out.push(internalFailure(name, error));
    }
  }
  return out;
}

function internalFailure(name: string, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return diagnostic(
    'internal.check-failed',
    '',
    `The "${name}" checks failed: ${reason}. The other checks ran; please report this.`,
    `"${name}" 检查内部出错：${reason}。其他检查已完成；请报告此问题。`,
  );
}
