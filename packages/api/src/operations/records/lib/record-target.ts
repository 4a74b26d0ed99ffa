import type { ActiveVersion, MappedObject } from '@mainline/db';
import type { BusinessObject, Field } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { versionCache } from './version-cache.ts';
import { versionInForce } from './version-in-force.ts';

/** An object of the caller's configuration version, with where it is stored. */
export interface RecordTarget {
  version: ActiveVersion;
  object: BusinessObject;
  /** Table and field → column mapping of this version. */
  mapped: MappedObject;
  fields: ReadonlyMap<string, Field>;
}

/** The object `objectId` in the version the caller works in; 404 when that version has no such object. */
export async function recordTarget(ctx: OperationContext, objectId: string): Promise<RecordTarget> {
  const version = await versionInForce(ctx);
  return targetIn(version, objectId);
}

const targets = versionCache<RecordTarget>(1000);

/** The object `objectId` of `version` (built once per version and object); 404 when there is none. */
export function targetIn(version: ActiveVersion, objectId: string): RecordTarget {
  return targets(version, objectId, () => buildTarget(version, objectId));
}

function buildTarget(version: ActiveVersion, objectId: string): RecordTarget {
  const object = version.package.objects.find((o) => o.id === objectId);
  const mapped = version.physical.objects[objectId];
  if (!object || !mapped) {
    throw new OperationError(404, 'records.object-unknown', `There is no object "${objectId}" in configuration version ${version.id}.`, [
      { pointer: '/object', code: 'records.object-unknown', message: `Unknown object "${objectId}".` },
    ]);
  }
  return { version, object, mapped, fields: new Map(object.fields.map((f) => [f.id, f])) };
}
