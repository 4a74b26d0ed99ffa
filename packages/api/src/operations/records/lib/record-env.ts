import { createExprEnv, type ExprEnv, type ExprUser } from '@mainline/expr';
import { objectScopeFields } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import type { RecordTarget } from './record-target.ts';
import { resolvedUser } from './caller-access.ts';
import { versionCache } from './version-cache.ts';

const envs = versionCache<ExprEnv>(1000);

/** The expression environment of a record of `target` (its fields by id, system fields, user, now); built once per version and object. */
export function recordEnv(target: RecordTarget): ExprEnv {
  return envs(target.version, target.object.id, () => {
    const objects = target.version.package.objects;
    return createExprEnv({ fields: objectScopeFields(target.object.fields, (o, f) => objects.find((x) => x.id === o)?.fields.find((x) => x.id === f)) });
  });
}

/** The `user` of expressions evaluated on writes (defaults, formulas, validation rules): the caller with their roles and units. */
export function writerUser(ctx: OperationContext): ExprUser {
  const { actor } = ctx;
  return resolvedUser(ctx) ?? { id: actor.userId ?? '', username: actor.username, orgUnit: actor.orgUnitId ?? null, roles: [], units: [], locale: ctx.locale ?? 'en' };
}
