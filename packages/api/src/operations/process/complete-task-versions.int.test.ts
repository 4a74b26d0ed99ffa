import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { cliActor, type OperationContext } from '../../context.ts';
import { publish } from '../config/publish.ts';
import { assignRole } from '../org/assign-role.ts';
import { createOrgUnit } from '../org/create-org-unit.ts';
import { createUser } from '../org/create-user.ts';
import { createRecord } from '../records/create-record.ts';
import { getRecord } from '../records/get-record.ts';
import { claimTask } from './claim-task.ts';
import { completeTask } from './complete-task.ts';
import { listTasks } from './list-tasks.ts';
import { at } from '../../testing/process-fixtures.ts';

const label = (en: string) => ({ en, 'zh-CN': en });

/** A case with a review (its note editable to the reviewer) that sets the stage when done; `extra` fields tell versions apart. */
function casePackage(extra: string[]): ConfigPackage {
  return {
    id: 'versionedCases',
    name: label('Versioned cases'),
    objects: [
      {
        id: 'case',
        label: label('Case'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: label('Name'), required: true },
          { id: 'stage', type: 'text', label: label('Stage') },
          { id: 'note', type: 'text', label: label('Note') },
          ...extra.map((id) => ({ id, type: 'text' as const, label: label(id) })),
        ],
      },
    ],
    roles: [
      { id: 'worker', label: label('Worker'), grants: [{ object: 'case', actions: { create: { scope: 'all' }, read: { scope: 'all' }, update: { scope: 'all' } }, fieldAccess: { default: 'edit', fields: { note: 'read' } } }] },
    ],
    processes: [
      {
        id: 'review',
        label: label('Review'),
        object: 'case',
        triggers: [{ type: 'onCreate' }],
        nodes: [
          { id: 'start', type: 'start', position: at },
          { id: 'check', type: 'userTask', position: at, label: label('Check'), assignee: { type: 'role', role: 'worker' }, outcomes: [{ id: 'ok', label: label('OK') }], editableFields: ['note'] },
          { id: 'close', type: 'action', position: at, steps: [{ type: 'setFields', values: { stage: '"reviewed"' } }] },
          { id: 'end', type: 'end', position: at },
        ],
        edges: [
          { id: 'e1', from: 'start', to: 'check' },
          { id: 'e2', from: 'check', to: 'close', outcome: 'ok' },
          { id: 'e3', from: 'close', to: 'end' },
        ],
      },
    ],
    views: [],
  };
}

// A task runs on the version its instance started on; the caller works in the version in force.
// Completing (or claiming) a task of an older version resolves the caller's access in that version
// too — their form values are written in it.
describe(`a task of an older version than the caller's (${testEngine()})`, () => {
  let database: TestDatabase;
  let worker: OperationContext;

  beforeAll(async () => {
    database = await openTestDatabase();
    const cli = { database, actor: cliActor('test') };
    await publish(cli, { package: casePackage([]), message: 'v1' });
    const unit = await createOrgUnit(cli, { code: 'hq', name: label('HQ') });
    const user = await createUser(cli, { username: 'wen', displayName: 'Wen', orgUnitId: unit.id, password: 'correct horse battery 9' });
    await assignRole(cli, { userId: user.id, roleId: 'worker', orgUnitId: unit.id });
    worker = { database, actor: { userId: user.id, username: 'wen', permissions: [], via: 'session', orgUnitId: unit.id } };
  });
  afterAll(() => database.close());

  it('is claimed and completed with form values in its own version after a newer one is published', async () => {
    const started = await createRecord(worker, { object: 'case', values: { name: 'Older case' } });
    await publish({ database, actor: cliActor('test') }, { package: casePackage(['region']), message: 'v2' });
    const fresh = { ...worker };
    const [task] = (await listTasks(fresh)).filter((t) => t.recordId === started.id);
    expect(task).toBeDefined();
    const [{ version_id: taskVersion }] = (await database.rows<{ version_id: number }>(sql`SELECT version_id FROM process_tasks WHERE id = ${task!.id}::uuid`)) as [{ version_id: number }];
    const [{ id: inForce }] = (await database.rows<{ id: number }>(sql`SELECT max(id)::int AS id FROM config_versions`)) as [{ id: number }];
    expect(taskVersion).toBeLessThan(inForce);

    expect(await claimTask({ ...worker }, { id: task!.id })).toMatchObject({ id: task!.id, assigneeId: worker.actor.userId });
    const done = await completeTask({ ...worker }, { id: task!.id, outcome: 'ok', values: { note: 'checked on the old version' } });
    expect(done).toMatchObject({ status: 'completed', outcome: 'ok', completedBy: worker.actor.userId });
    expect(await getRecord({ ...worker }, { object: 'case', id: started.id as string })).toMatchObject({ note: 'checked on the old version', stage: 'reviewed' });
    const audits = await database.rows<{ version_id: number; details: Record<string, unknown> }>(
      sql`SELECT version_id, details FROM audit_log WHERE record_id = ${started.id as string}::uuid AND action = 'record.update' ORDER BY id`,
    );
    expect(audits.map((a) => [a.version_id, a.details.by])).toEqual([
      [taskVersion, 'wen'],
      [taskVersion, 'process'],
    ]);
  });
});
