import { eq } from 'drizzle-orm';
import { orgUnits, type Db, type OrgUnitRow } from '@mainline/db';
import { OperationError } from '../../../errors.ts';
import { problemError } from './input-problems.ts';
import { isUuid } from './is-uuid.ts';

export const orgUnitColumns = {
  id: orgUnits.id,
  code: orgUnits.code,
  name: orgUnits.name,
  parentId: orgUnits.parentId,
  path: orgUnits.path,
  retiredAt: orgUnits.retiredAt,
};

/**
 * A unit by id. `share` keeps it from being retired until the transaction ends (users and roles
 * placed in it); `update` waits for those and keeps new ones out (retiring it).
 */
export async function findOrgUnit(db: Db, id: string, lock?: 'share' | 'update'): Promise<OrgUnitRow | undefined> {
  if (!isUuid(id)) return undefined;
  const query = db.select(orgUnitColumns).from(orgUnits).where(eq(orgUnits.id, id));
  const [unit] = await (lock ? query.for(lock) : query);
  return unit;
}

/** The unit an operation acts on: 404 when there is none. */
export async function requireOrgUnit(db: Db, id: string, lock?: 'update'): Promise<OrgUnitRow> {
  const unit = await findOrgUnit(db, id, lock);
  if (!unit) throw new OperationError(404, 'org.unit.unknown', `There is no org unit ${id}.`);
  return unit;
}

/** A live unit that the input points at (a parent, a user's unit, where a role is held): 422 at `pointer` otherwise. */
export async function requireLiveOrgUnitAt(db: Db, id: string, pointer: string): Promise<OrgUnitRow> {
  const unit = await findOrgUnit(db, id, 'share');
  if (!unit) throw problemError(422, pointer, { code: 'org.unit.unknown', message: `There is no org unit ${id}.` });
  if (unit.retiredAt) throw problemError(422, pointer, { code: 'org.unit.retired', message: `Org unit "${unit.code}" is retired.` });
  return unit;
}
