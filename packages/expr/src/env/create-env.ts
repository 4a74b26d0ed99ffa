import type { Environment } from '@marcbachmann/cel-js';
import type { CelType, CompiledExpr, ExprScope } from '../types.ts';
import { RECORD_TYPE, USER_TYPE, baseEnvironment, celJsFields } from './base-environment.ts';
import { type ScopeBindings, createBindings } from './bindings.ts';
import { SCOPE_VARIABLES, SYSTEM_FIELDS } from './system-fields.ts';

/** An expression environment for one scope. Opaque: pass it to checkExpr, compileExpr, compileToSql. */
export interface ExprEnv {
  /** The record fields usable as bare identifiers, system fields included. */
  readonly fields: Readonly<Record<string, CelType>>;
  readonly withPrev: boolean;
  /** Scope fields whose id is a CEL keyword or built-in name (e.g. `type`, `int`, `for`): they cannot be written bare. */
  readonly unavailableFields: readonly string[];
}

export class ExprEnvImpl implements ExprEnv {
  readonly fields: Readonly<Record<string, CelType>>;
  readonly withPrev: boolean;
  readonly unavailableFields: readonly string[];
  readonly cel: Environment;
  readonly bindings: ScopeBindings;
  readonly compiled = new Map<string, CompiledExpr>();

  constructor(scope: ExprScope) {
    const base = baseEnvironment();
    const cel = base.clone();
    const fields: Record<string, CelType> = {};
    const unavailable: string[] = [];
    const all = { ...scope.fields, ...SYSTEM_FIELDS };
    for (const [name, type] of Object.entries(all)) {
      if ((SCOPE_VARIABLES as readonly string[]).includes(name) || !isIdentifier(name) || cel.hasVariable(name)) {
        unavailable.push(name);
        continue;
      }
      cel.registerVariable(name, celJsFields({ [name]: type })[name] as string);
      fields[name] = type;
    }
    cel.registerVariable('user', USER_TYPE, { description: 'The signed-in user' });
    cel.registerVariable('now', 'google.protobuf.Timestamp', { description: 'The current time' });
    if (scope.withPrev) {
      cel.registerType(RECORD_TYPE, { fields: celJsFields(all) });
      cel.registerVariable('prev', RECORD_TYPE, { description: 'The record before the update' });
    }
    this.cel = cel;
    this.fields = Object.freeze(fields);
    this.withPrev = scope.withPrev === true;
    this.unavailableFields = Object.freeze(unavailable.sort());
    this.bindings = createBindings(fields, scope.withPrev ? all : null);
  }

  isField(name: string): boolean {
    return Object.hasOwn(this.fields, name);
  }

  /** Names the evaluator binds itself (fields, user, now, prev): comprehensions may not reuse them. */
  isBound(name: string): boolean {
    return this.bindings.variables.has(name);
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// CEL literals and operators, and cel-js's reserved words (lib/globals.js RESERVED)
const KEYWORDS = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while __proto__ prototype'.split(
    ' ',
  ),
);

function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name);
}

const CACHE_LIMIT = 200;
const cache = new Map<string, ExprEnvImpl>();

function scopeKey(scope: ExprScope): string {
  const entries = Object.entries(scope.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([scope.withPrev === true, entries]);
}

/** The environment of a scope; cached on the scope's content because building one is expensive. */
export function createExprEnv(scope: ExprScope): ExprEnv {
  const key = scopeKey(scope);
  let env = cache.get(key);
  if (env) {
    cache.delete(key); // re-insert: the Map's order is the recency order
  } else {
    env = new ExprEnvImpl(scope);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, env);
  return env;
}

export function envInternals(env: ExprEnv): ExprEnvImpl {
  if (env instanceof ExprEnvImpl) return env;
  throw new TypeError('not an ExprEnv: create it with createExprEnv()');
}
