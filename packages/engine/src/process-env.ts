import { createExprEnv, type ExprEnv } from '@mainline/expr';
import { type ConfigPackage, objectScopeFields, type Process } from '@mainline/model';

/** The expression environment of a process's object in a configuration (its fields by id, system fields, user, now). */
export function processExprEnv(pkg: ConfigPackage, process: Process): ExprEnv {
  const objects = pkg.objects ?? [];
  const object = objects.find((o) => o.id === process.object);
  if (!object) throw new Error(`process "${process.id}" runs on "${process.object}", which is not an object of the configuration`);
  return createExprEnv({ fields: objectScopeFields(object.fields, (o, f) => objects.find((x) => x.id === o)?.fields.find((x) => x.id === f)) });
}
