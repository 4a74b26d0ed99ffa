import type { Assignee, Recipients } from '@mainline/model';
import { evaluate } from './evaluate.ts';
import type { Run } from './run.ts';
import type { AssigneeTarget, IncidentReason } from './types.ts';

export type Resolved = { ok: true; target: AssigneeTarget } | { ok: false; reason: IncidentReason; message: string };

const FIELD_PREFIX = 'field:';

/** Resolves an assignee from the record alone; role holders and queue members are for the persistence layer. */
export function resolveAssignee(run: Run, assignee: Assignee): Resolved {
  switch (assignee.type) {
    case 'role':
      return { ok: true, target: { type: 'role', role: assignee.role, orgUnit: orgUnitOf(run.record) } };
    case 'queue':
      return { ok: true, target: { type: 'queue', queue: assignee.queue } };
    case 'user': {
      if (!assignee.user.startsWith(FIELD_PREFIX)) return { ok: true, target: { type: 'username', username: assignee.user } };
      const field = assignee.user.slice(FIELD_PREFIX.length);
      const value = run.record[field];
      if (typeof value === 'string' && value.trim() !== '') return { ok: true, target: { type: 'user', userId: value } };
      return { ok: false, reason: 'process.assignee-empty', message: `The assignee is the user in field "${field}", which is empty on this record.` };
    }
    case 'expression': {
      const result = evaluate(run, assignee.expression, 'The assignee expression');
      if (!result.ok) return { ok: false, reason: 'process.expression-failed', message: result.message };
      if (typeof result.value === 'string' && result.value.trim() !== '') return { ok: true, target: { type: 'user', userId: result.value } };
      return { ok: false, reason: 'process.assignee-empty', message: `The assignee expression (${assignee.expression}) gave no user id.` };
    }
  }
}

/** Recipients of a notification: the task's assignee (escalations only), the record's owner, role holders in its unit, named users. */
export function resolveRecipients(run: Run, recipients: Recipients, taskAssignee: AssigneeTarget | null): AssigneeTarget[] {
  const out: AssigneeTarget[] = [];
  const seen = new Set<string>();
  const add = (target: AssigneeTarget): void => {
    const key = JSON.stringify(target);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(target);
  };
  if (recipients.assignee && taskAssignee) add(taskAssignee);
  const owner = run.record.owner;
  if (recipients.owner && typeof owner === 'string' && owner !== '') add({ type: 'user', userId: owner });
  for (const role of recipients.roles ?? []) add({ type: 'role', role, orgUnit: orgUnitOf(run.record) });
  for (const username of recipients.users ?? []) add({ type: 'username', username });
  return out;
}

function orgUnitOf(record: Record<string, unknown>): string | null {
  return typeof record.orgUnit === 'string' && record.orgUnit !== '' ? record.orgUnit : null;
}
