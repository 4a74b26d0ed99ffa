import { randomUUID } from 'node:crypto';
import { childPath, orgUnits, rootPath, type Database } from '@mainline/db';

export interface TestOrgUnit {
  id: string;
  path: string;
}

/** Inserts an org unit straight into the database, at the top or under `parent`. */
export async function insertOrgUnit(database: Database, code: string, parent?: TestOrgUnit): Promise<TestOrgUnit> {
  const id = randomUUID();
  const path = parent ? childPath(parent.path, id) : rootPath(id);
  await database.db.insert(orgUnits).values({ id, code, name: { en: code }, parentId: parent?.id ?? null, path });
  return { id, path };
}
