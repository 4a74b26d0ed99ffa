import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';

/** Timers (a duration or an end time), SLAs (one due time) and escalations (interrupting rules). */
export function checkProcessSteps(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => {
    const pid = process.id;
    (process.nodes ?? []).forEach((node, n) => {
      const at = (...tokens: (string | number)[]): string => pointer('processes', p, 'nodes', n, ...tokens);
      if (node.type === 'timer') {
        const count = (node.duration !== undefined ? 1 : 0) + (node.until !== undefined ? 1 : 0);
        if (count !== 1) {
          out.push(
            diagnostic(
              'config.process.timer-spec',
              count === 0 ? at() : at('until'),
              `Timer "${node.id}" in process "${pid}" needs exactly one of "duration" and "until" (it has ${count === 0 ? 'neither' : 'both'}).`,
              `流程 "${pid}" 的定时器 "${node.id}" 必须且只能设置 "duration" 与 "until" 之一（当前${count === 0 ? '都没有设置' : '两者都设置了'}）。`,
            ),
          );
        }
        return;
      }
      if (node.type !== 'userTask' || !node.sla) return;
      const { sla } = node;
      const task = `task "${node.id}" in process "${pid}"`;
      const taskZh = `流程 "${pid}" 的任务 "${node.id}"`;
      if ((sla.due === undefined) === (sla.dueExpression === undefined)) {
        const both = sla.due !== undefined;
        out.push(
          diagnostic(
            'config.process.sla-due',
            both ? at('sla', 'dueExpression') : at('sla'),
            `The SLA of ${task} needs exactly one of "due" and "dueExpression" (it has ${both ? 'both' : 'neither'}).`,
            `${taskZh}的 SLA 必须且只能设置 "due" 与 "dueExpression" 之一（当前${both ? '两者都设置了' : '都没有设置'}）。`,
          ),
        );
      }
      (sla.escalations ?? []).forEach((escalation, e) => {
        const where = `escalation "${escalation.id}" of ${task}`;
        const whereZh = `${taskZh}的升级规则 "${escalation.id}"`;
        const takesOutcome = escalation.action.type === 'takeOutcome';
        if (takesOutcome && escalation.interrupting === false) {
          out.push(
            diagnostic(
              'config.process.escalation-interrupting',
              at('sla', 'escalations', e, 'interrupting'),
              `A "takeOutcome" escalation completes the task, so it is always interrupting; remove "interrupting": false (${where}).`,
              `"takeOutcome" 升级会完成任务，因此总是中断性的；请删除 "interrupting": false（${whereZh}）。`,
            ),
          );
        }
        if (escalation.action.type === 'reassign' && escalation.interrupting === true) {
          out.push(
            diagnostic(
              'config.process.escalation-reassign-interrupting',
              at('sla', 'escalations', e, 'interrupting'),
              `A "reassign" escalation hands the open task to someone else, but "interrupting": true cancels it; remove "interrupting" (${where}).`,
              `"reassign" 升级把未完成的任务转交他人，但 "interrupting": true 会取消该任务；请删除 "interrupting"（${whereZh}）。`,
            ),
          );
        }
        if (escalation.repeatEvery !== undefined && (takesOutcome || escalation.interrupting === true)) {
          out.push(
            diagnostic(
              'config.process.escalation-repeat',
              at('sla', 'escalations', e, 'repeatEvery'),
              `"repeatEvery" only applies to non-interrupting escalations; this one ends the task when it fires (${where}).`,
              `"repeatEvery" 只适用于非中断性升级；该升级触发时会结束任务（${whereZh}）。`,
            ),
          );
        }
      });
    });
  });
  return out;
}
