import { and, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../connection/database.ts';
import { orgUnits } from '../../schema/platform.ts';
import { PublishError } from '../publish-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses pilot units that are not live org units (or an empty list). */
export async function assertLiveUnits(tx: Db, units: readonly string[]): Promise<void> {
  if (units.length === 0) {
    throw new PublishError('config.rollout.no-units', 422, { en: 'Name at least one org unit.', 'zh-CN': '请至少指定一个组织单元。' });
  }
  const malformed = units.filter((u) => !UUID.test(u));
  const found = malformed.length === units.length ? [] : await tx.select({ id: orgUnits.id }).from(orgUnits).where(and(inArray(orgUnits.id, units.filter((u) => UUID.test(u))), isNull(orgUnits.retiredAt)));
  const known = new Set(found.map((r) => r.id));
  const unknown = units.filter((u) => !known.has(u));
  if (unknown.length > 0) {
    throw new PublishError('config.rollout.unknown-unit', 422, { en: `Unknown or retired org unit(s): ${unknown.join(', ')}.`, 'zh-CN': `组织单元不存在或已停用：${unknown.join('、')}。` }, { units: unknown });
  }
}
