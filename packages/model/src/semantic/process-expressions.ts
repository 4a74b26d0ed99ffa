import type { CelType } from '@mainline/expr';
import type { Assignee, Process } from '../generated/config.ts';
import { pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { fieldCelType, readOnlyFieldTypes, type SemanticContext } from './context.ts';
import { expressionChecker, type Expectation } from './expression-checker.ts';
import type { ExpressionSite } from '../expressions/expression-diagnostics.ts';
import { writableSystemFields } from './names.ts';

type Path = (string | number)[];

/**
 * The expressions of processes, over the process object's records: trigger conditions (bool;
 * `prev` in update triggers), scheduled filters (bool, SQL), edge conditions (bool), assignee
 * expressions (string), values written by actions (the target field's type; a created record's
 * values are computed over the process record), webhook payloads (any), timer ends and SLA due
 * times (timestamp).
 */
export function checkProcessExpressions(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => walkProcess(ctx, process, p, out));
  return out;
}

function walkProcess(ctx: SemanticContext, process: Process, p: number, out: Diagnostic[]): void {
  const checker = expressionChecker(ctx);
  const objectId = process.object;
  const pid = process.id;
  const check = (source: string, at: Path, en: string, zh: string, expectation: Expectation, withPrev = false): void => {
    const site: ExpressionSite = { path: pointer('processes', p, ...at), en, zh };
    out.push(...checker.check(objectId, source, site, expectation, withPrev));
  };
  if (!checker.env(objectId)) return; // unknown object: reported by the reference checks

  (process.triggers ?? []).forEach((trigger, t) => {
    if (trigger.type === 'scheduled') {
      if (trigger.filter !== undefined) check(trigger.filter, ['triggers', t, 'filter'], `filter of the scheduled trigger of process "${pid}"`, `流程 "${pid}" 定时触发器的筛选条件`, { kind: 'condition', sql: true });
    } else if (trigger.condition !== undefined) {
      check(trigger.condition, ['triggers', t, 'condition'], `condition of the ${trigger.type} trigger of process "${pid}"`, `流程 "${pid}" 的 ${trigger.type} 触发条件`, { kind: 'condition' }, trigger.type === 'onUpdate');
    }
  });

  (process.edges ?? []).forEach((edge, e) => {
    if (edge.condition !== undefined) check(edge.condition, ['edges', e, 'condition'], `condition of edge "${edge.id}" in process "${pid}"`, `流程 "${pid}" 连线 "${edge.id}" 的条件`, { kind: 'condition' });
  });

  const assignee = (a: Assignee, at: Path, en: string, zh: string): void => {
    if (a.type === 'expression') check(a.expression, [...at, 'expression'], en, zh, { kind: 'type', type: 'string' });
  };

  (process.nodes ?? []).forEach((node, n) => {
    const at: Path = ['nodes', n];
    if (node.type === 'userTask') {
      const task = `task "${node.id}" in process "${pid}"`;
      const taskZh = `流程 "${pid}" 任务 "${node.id}"`;
      assignee(node.assignee, [...at, 'assignee'], `assignee expression of ${task}`, `${taskZh}的处理人表达式`);
      if (node.sla?.dueExpression !== undefined) check(node.sla.dueExpression, [...at, 'sla', 'dueExpression'], `due time of ${task}`, `${taskZh}的到期时间表达式`, { kind: 'type', type: 'timestamp' });
      (node.sla?.escalations ?? []).forEach((escalation, k) => {
        if (escalation.action.type !== 'reassign') return;
        assignee(
          escalation.action.assignee,
          [...at, 'sla', 'escalations', k, 'action', 'assignee'],
          `new assignee of escalation "${escalation.id}" of ${task}`,
          `${taskZh}升级规则 "${escalation.id}" 的新处理人表达式`,
        );
      });
    } else if (node.type === 'timer') {
      if (node.until !== undefined) check(node.until, [...at, 'until'], `"until" of timer "${node.id}" in process "${pid}"`, `流程 "${pid}" 定时器 "${node.id}" 的 until 表达式`, { kind: 'type', type: 'timestamp' });
    } else if (node.type === 'action') {
      const action = `action "${node.id}" in process "${pid}"`;
      const actionZh = `流程 "${pid}" 自动步骤 "${node.id}"`;
      node.steps.forEach((step, s) => {
        const stepAt: Path = [...at, 'steps', s];
        if (step.type === 'setFields') {
          for (const [fieldId, source] of Object.entries(step.values)) {
            check(source, [...stepAt, 'values', fieldId], `value of "${fieldId}" set by ${action}`, `${actionZh}为字段 "${fieldId}" 设置的值`, valueExpectation(ctx, objectId, fieldId));
          }
        } else if (step.type === 'createRecord') {
          for (const [fieldId, source] of Object.entries(step.values)) {
            check(
              source,
              [...stepAt, 'values', fieldId],
              `value of "${fieldId}" of the new "${step.object}" record in ${action}`,
              `${actionZh}新建 "${step.object}" 记录时字段 "${fieldId}" 的值`,
              valueExpectation(ctx, step.object, fieldId),
            );
          }
        } else if (step.type === 'webhook') {
          for (const [name, source] of Object.entries(step.payload ?? {})) {
            check(source, [...stepAt, 'payload', name], `webhook payload "${name}" of ${action}`, `${actionZh}的 webhook 载荷 "${name}"`, { kind: 'any' });
          }
        }
      });
    }
  });
}

/** A value written to `fieldId` of `objectId` must fit the field; anything goes when the field is unknown or read-only (reported elsewhere). */
function valueExpectation(ctx: SemanticContext, objectId: string, fieldId: string): Expectation {
  if (writableSystemFields.has(fieldId)) return { kind: 'type', type: 'string' };
  const field = ctx.objects.get(objectId)?.fields.get(fieldId)?.value;
  if (!field || readOnlyFieldTypes.has(field.type)) return { kind: 'any' };
  const type: CelType = fieldCelType(ctx, field);
  return { kind: 'type', type };
}
