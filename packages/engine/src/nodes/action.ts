import type { ActionNode, ActionStep } from '@mainline/model';
import { resolveRecipients } from '../assignee.ts';
import type { Effect } from '../effects.ts';
import { evaluate } from '../evaluate.ts';
import { raiseIncident } from '../incidents.ts';
import { takeOutgoing } from '../leave-node.ts';
import type { ActiveToken, Run } from '../run.ts';

/**
 * An action runs its steps in order on a copy of the record, all or nothing: when a step's
 * expression fails, none of the node's effects are kept and the token stops with an incident
 * (a retry runs the whole node again). `setFields` values are all evaluated on the record as it
 * was before that step, then applied together, so later steps and gateways see them.
 */
export function executeAction(run: Run, token: ActiveToken, node: ActionNode): void {
  let record = { ...run.record };
  const effects: Effect[] = [];
  for (const [i, step] of node.steps.entries()) {
    const result = runStep(run, node, step, i, record);
    if (!result.ok) {
      raiseIncident(run, { node: node.id, reason: 'process.expression-failed', message: result.message, retry: { kind: 'execute' }, stops: token });
      return;
    }
    effects.push(result.effect);
    if (result.effect.type === 'record.update') record = { ...record, ...result.effect.values };
  }
  run.record = record;
  run.effects.push(...effects);
  takeOutgoing(run, token, null);
}

type StepResult = { ok: true; effect: Effect } | { ok: false; message: string };

function runStep(run: Run, node: ActionNode, step: ActionStep, i: number, record: Record<string, unknown>): StepResult {
  const where = `step ${i + 1} (${step.type}) of "${node.id}"`;
  switch (step.type) {
    case 'setFields': {
      const values = evaluateAll(run, step.values, where, record);
      return values.ok ? { ok: true, effect: { type: 'record.update', node: node.id, values: values.values } } : values;
    }
    case 'createRecord': {
      const values = evaluateAll(run, step.values, where, record);
      return values.ok ? { ok: true, effect: { type: 'record.create', node: node.id, object: step.object, values: values.values } } : values;
    }
    case 'notify':
      return { ok: true, effect: { type: 'notification.send', at: run.at, node: node.id, taskId: null, recipients: resolveRecipients({ ...run, record }, step.recipients, null), message: step.message } };
    case 'webhook': {
      const payload = evaluateAll(run, step.payload ?? {}, where, record);
      if (!payload.ok) return payload;
      return {
        ok: true,
        effect: { type: 'webhook.send', at: run.at, webhookId: run.env.newId(), node: node.id, url: step.url, secret: step.secret ?? null, record: { ...record }, payload: payload.values },
      };
    }
  }
}

function evaluateAll(
  run: Run,
  expressions: Record<string, string>,
  where: string,
  record: Record<string, unknown>,
): { ok: true; values: Record<string, unknown> } | { ok: false; message: string } {
  const values: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(expressions)) {
    const result = evaluate(run, source, `"${key}" in ${where}`, record);
    if (!result.ok) return result;
    values[key] = result.value;
  }
  return { ok: true, values };
}
