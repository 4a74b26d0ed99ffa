import { Environment } from '@marcbachmann/cel-js';
import { toCelJsType } from '../analyze/type-names.ts';
import { registerLibrary } from '../library/library.ts';
import { registerOperators } from '../library/operators.ts';
import { EXPR_LIMITS } from '../limits.ts';
import type { CelType } from '../types.ts';
import { USER_FIELDS } from './system-fields.ts';

export const USER_TYPE = 'mainline.User';
export const RECORD_TYPE = 'mainline.Record';

export function celJsFields(fields: Readonly<Record<string, CelType>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, t]) => [k, toCelJsType(t)]));
}

let base: Environment | undefined;

/** The library, operators and user type, shared by every scope through clone(). */
export function baseEnvironment(): Environment {
  if (base) return base;
  const { maxAstNodes, maxDepth, maxListElements, maxMapEntries, maxCallArguments } = EXPR_LIMITS;
  const env = new Environment({
    limits: { maxAstNodes, maxDepth, maxListElements, maxMapEntries, maxCallArguments },
  });
  registerLibrary(env);
  registerOperators(env);
  env.registerType(USER_TYPE, { fields: celJsFields(USER_FIELDS) });
  base = env;
  return env;
}
