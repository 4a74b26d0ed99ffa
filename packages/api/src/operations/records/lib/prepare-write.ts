import type { Db } from '@mainline/db';
import type { ExprEnv } from '@mainline/expr';
import type { OperationContext } from '../../../context.ts';
import { OperationError, type Problem } from '../../../errors.ts';
import { checkReferences, type ExistenceCache } from '../values/check-references.ts';
import { checkRequired } from '../values/check-required.ts';
import { checkRules } from '../values/check-rules.ts';
import { checkShape } from '../values/check-shape.ts';
import { checkUnique } from '../values/check-unique.ts';
import { defaultValues } from '../values/defaults.ts';
import type { Locale } from '../values/value-problem.ts';
import { refuseUneditableFields } from './field-access.ts';
import { computeFormulas } from './formulas.ts';
import { recordEnv, writerUser } from './record-env.ts';
import type { RecordTarget } from './record-target.ts';

export type ApiRecord = Record<string, unknown>;

export interface WriteInput {
  /** The record before the change in API form (system columns included); null on create. */
  before: ApiRecord | null;
  /** The record's id (chosen before the insert on create, so expressions can read it). */
  id: string;
  values: unknown;
  now: Date;
  cache?: ExistenceCache;
  /** On create: whom the record belongs to, when not the caller (a record a process step creates). */
  ownership?: RecordOwnership;
}

/** The owner and org unit of a new record. */
export interface RecordOwnership {
  owner: string | null;
  orgUnit: string | null;
}

export interface PreparedWrite {
  /** Field id → value (API form) to store: written values, defaults, formulas. */
  columns: ApiRecord;
  /** The fields the caller wrote (after normalisation). */
  written: ApiRecord;
  /** The whole record after the change, as expressions see it. */
  after: ApiRecord;
}

export function callerLocale(ctx: OperationContext): Locale {
  return ctx.locale === 'zh-CN' ? 'zh-CN' : 'en';
}

/**
 * Checks a create or update against the configuration and computes what to store. Collects every
 * problem and throws one 422 `records.invalid`; nothing is written by this step.
 */
export async function prepareWrite(ctx: OperationContext, tx: Db, target: RecordTarget, input: WriteInput): Promise<PreparedWrite> {
  const draft = draftWrite(ctx, target, input);
  draft.problems.push(...(await checkReferences(ctx, tx, target, draft.stored, draft.locale, input.cache)));
  draft.problems.push(...(await checkUnique(ctx, tx, target, draft.stored, input.id, draft.locale)));
  return finishWrite(ctx, target, draft, input.now);
}

/** The first, database-free step of prepareWrite: shape, defaults and required fields. */
export interface WriteDraft {
  locale: Locale;
  written: ApiRecord;
  /** Written values and defaults: what the reference and unique checks look at. */
  stored: ApiRecord;
  /** The whole record after the change (formulas not yet computed). */
  record: ApiRecord;
  problems: Problem[];
}

/** 403 `access.field-read-only` (nothing checked further) when the values set a field the caller may not edit. */
export function draftWrite(ctx: OperationContext, target: RecordTarget, input: Omit<WriteInput, 'cache'>, env: ExprEnv = recordEnv(target)): WriteDraft {
  if (typeof input.values === 'object' && input.values !== null && !Array.isArray(input.values)) refuseUneditableFields(ctx, target, Object.keys(input.values));
  const locale = callerLocale(ctx);
  const creating = input.before === null;
  const user = writerUser(ctx);
  const { written, problems } = checkShape(target, input.values, locale, input.before);

  const base: ApiRecord = input.before ?? newRecordBase(ctx, target, input.id, input.now, input.ownership);
  const defaults = creating ? defaultValues(target, env, written, user, input.now) : {};
  const record: ApiRecord = { ...base, ...defaults, ...written, ...(creating ? {} : { updatedAt: input.now.toISOString(), updatedBy: ctx.actor.userId }) };
  const stored = { ...defaults, ...written };

  // A field whose value was refused is not also "missing".
  const refused = new Set(problems.map((p) => p.pointer));
  problems.push(...checkRequired(target, record, written, creating, locale).filter((p) => !refused.has(p.pointer)));
  return { locale, written, stored, record, problems };
}

/**
 * The last step of prepareWrite, after the database checks added their problems to the draft:
 * formulas and validation rules; throws 422 `records.invalid` when there is any problem.
 */
export function finishWrite(ctx: OperationContext, target: RecordTarget, draft: WriteDraft, now: Date, env: ExprEnv = recordEnv(target)): PreparedWrite {
  const { locale, problems, record, stored, written } = draft;
  const user = writerUser(ctx);
  const formulas = computeFormulas(target, env, record, user, now);
  Object.assign(record, formulas);
  // Rules read every field: with a value of the wrong type they would only add noise.
  if (!problems.some((p) => p.code.startsWith('records.value.') || p.code.startsWith('records.field.'))) {
    problems.push(...checkRules(target, env, record, user, now, locale));
  }
  throwIfInvalid(target, problems, locale);
  return { columns: { ...stored, ...formulas }, written, after: record };
}

/** Rollups of a new record start at 0 (count, sum) or empty (min, max). */
function newRecordBase(ctx: OperationContext, target: RecordTarget, id: string, now: Date, ownership: RecordOwnership = callerOwnership(ctx)): ApiRecord {
  const at = now.toISOString();
  const base: ApiRecord = { id, owner: ownership.owner, orgUnit: ownership.orgUnit, createdAt: at, createdBy: ctx.actor.userId, updatedAt: at, updatedBy: ctx.actor.userId, rowVersion: 1 };
  for (const field of target.object.fields) base[field.id] = field.type === 'rollup' && (field.function === 'count' || field.function === 'sum') ? 0 : null;
  return base;
}

/** A record created by the caller is theirs, in their unit. */
export function callerOwnership(ctx: OperationContext): RecordOwnership {
  return { owner: ctx.actor.userId, orgUnit: ctx.actor.orgUnitId ?? null };
}

export function throwIfInvalid(target: RecordTarget, problems: Problem[], locale: Locale): void {
  if (problems.length === 0) return;
  const en = `The ${target.object.id} record was not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`;
  const zh = `${target.object.id} 记录未保存：${problems.length} 个问题。`;
  throw new OperationError(422, 'records.invalid', locale === 'zh-CN' ? zh : en, problems);
}
