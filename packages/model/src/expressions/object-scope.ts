import type { CelType } from '@mainline/expr';
import type { Field } from '../generated/config.ts';
import { celTypeOfField, type FieldLookup } from './field-cel-types.ts';

/**
 * The `fields` of an expression scope for an object: each field id with its CEL type. The first
 * field wins when an id repeats. System fields, `user`, `now` and `prev` are added by
 * @mainline/expr itself.
 */
export function objectScopeFields(fields: readonly Field[], lookup?: FieldLookup): Record<string, CelType> {
  const scope: Record<string, CelType> = {};
  for (const field of fields) {
    if (!Object.hasOwn(scope, field.id)) scope[field.id] = celTypeOfField(field, lookup);
  }
  return scope;
}
