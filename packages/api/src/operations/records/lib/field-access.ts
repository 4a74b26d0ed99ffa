import type { FieldAccess, ObjectAccess } from '@mainline/access';
import { pointerToken } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { OperationError, type Problem } from '../../../errors.ts';
import { callerAccess } from './caller-access.ts';
import type { RecordTarget } from './record-target.ts';

const noneHidden: ReadonlySet<string> = new Set();
const hiddenByObject = new WeakMap<ObjectAccess, ReadonlySet<string>>();

/**
 * The caller's access to `fieldId` of `target`: the most permissive over their roles with a grant
 * on the object (docs/access.md), narrowed or widened by the process step the caller acts in
 * (withStepFieldRights). The command line edits everything.
 */
export function fieldAccess(ctx: OperationContext, target: RecordTarget, fieldId: string): FieldAccess {
  const step = stepRights.get(ctx);
  if (step?.locked.has(fieldId)) return 'read';
  if (step?.editable.has(fieldId)) return 'edit';
  const { access } = callerAccess(ctx, target.version);
  if (access === null) return 'edit';
  return access.objects.get(target.object.id)?.fields[fieldId]?.access ?? 'hidden';
}

/** The field rights of the process step the caller is acting in (completing a user task), while they act. */
export interface StepFieldRights {
  /** Opened for editing to the task's assignee, whatever their roles say. */
  editable: ReadonlySet<string>;
  /** Read-only for everyone while the step is open. */
  locked: ReadonlySet<string>;
}

const stepRights = new WeakMap<OperationContext, StepFieldRights>();

/** Runs `work` with the step's field rights over the caller's own (completing a user task with form values). */
export async function withStepFieldRights<T>(ctx: OperationContext, rights: StepFieldRights, work: () => Promise<T>): Promise<T> {
  stepRights.set(ctx, rights);
  try {
    return await work();
  } finally {
    stepRights.delete(ctx);
  }
}

/** The fields of `target` the caller may not see: they never leave the server, and nothing may filter, sort or group by them. */
export function hiddenFields(ctx: OperationContext, target: RecordTarget): ReadonlySet<string> {
  const { access } = callerAccess(ctx, target.version);
  if (access === null) return noneHidden;
  const objectAccess = access.objects.get(target.object.id);
  if (!objectAccess) return new Set(target.object.fields.map((f) => f.id));
  let hidden = hiddenByObject.get(objectAccess);
  if (!hidden) {
    hidden = new Set(Object.entries(objectAccess.fields).filter(([, right]) => right.access === 'hidden').map(([id]) => id));
    hiddenByObject.set(objectAccess, hidden);
  }
  return hidden;
}

/** 403 `access.field-hidden` at `pointer` when the caller may not see `fieldId` (a filter, sort or grouping on it would reveal its values). */
export function refuseHiddenField(ctx: OperationContext, target: RecordTarget, fieldId: string, pointer: string, use: string): void {
  if (!hiddenFields(ctx, target).has(fieldId)) return;
  const message = `You may not ${use} the field ${JSON.stringify(fieldId)} of ${target.object.id}: it is hidden from you.`;
  throw new OperationError(403, 'access.field-hidden', message, [{ pointer, code: 'access.field-hidden', message }]);
}

/**
 * 403 `access.field-read-only` with one problem per field of `values` the caller may not edit
 * (pointer `${pointer}/<field>`). Every write that takes field values goes through here before
 * anything is written.
 */
export function refuseUneditableFields(ctx: OperationContext, target: RecordTarget, fieldIds: Iterable<string>, pointer = '/values'): void {
  if (callerAccess(ctx, target.version).access === null) return;
  const problems: Problem[] = [];
  for (const fieldId of fieldIds) {
    if (!target.fields.has(fieldId)) continue; // unknown fields get their own validation error
    const access = fieldAccess(ctx, target, fieldId);
    if (access === 'edit') continue;
    const message = access === 'hidden' ? `You may not set the field ${JSON.stringify(fieldId)}: it is hidden from you.` : `You may not change the field ${JSON.stringify(fieldId)}: it is read-only for you.`;
    problems.push({ pointer: `${pointer}/${pointerToken(fieldId)}`, code: 'access.field-read-only', message });
  }
  if (problems.length > 0) {
    throw new OperationError(403, 'access.field-read-only', problems.length === 1 ? problems[0]!.message : `You may not change ${problems.length} of these fields.`, problems);
  }
}

/** `record` without the fields hidden from the caller (and without their `_titles`): what a write answers. */
export function withoutHiddenFields<T extends Record<string, unknown>>(ctx: OperationContext, target: RecordTarget, record: T): T {
  const hidden = hiddenFields(ctx, target);
  if (hidden.size === 0) return record;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!hidden.has(key)) out[key] = value;
  const titles = out._titles;
  if (titles && typeof titles === 'object') out._titles = Object.fromEntries(Object.entries(titles).filter(([key]) => !hidden.has(key)));
  return out as T;
}

