import { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInstances, processTasks, testEngine } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { ownerCallProcess } from '../../../testing/process-fixtures.ts';
import { openReadFixture, type ReadFixture } from '../read-test-fixtures.ts';
import { listRecords } from '../list-records.ts';
import { importRecords } from './import-records.ts';
import { importReactions } from './start-processes.ts';

const csv = (text: string) => () => Readable.from([Buffer.from(text)]);


// The CSV import starts the processes of what it writes, in its transaction, as createRecord and
// updateRecord do: accounts get a welcome call on create and a customer call when they become
// customers; products (no process) are imported as before.
describe(`CSV import starts processes (${testEngine()})`, () => {
  let f: ReadFixture;
  let ctx: OperationContext;

  const instancesOf = async (processId: string, recordIds: string[]) =>
    f.database.db.select().from(processInstances).where(and(eq(processInstances.processId, processId), inArray(processInstances.recordId, recordIds)));
  const tasksOn = async (recordIds: string[]) => f.database.db.select().from(processTasks).where(inArray(processTasks.recordId, recordIds));
  const accountIds = async (names: string[]) => {
    const page = await listRecords(ctx, { object: 'account', filter: `name in ${JSON.stringify(names)}`, sort: [{ field: 'name', direction: 'asc' }] });
    return page.records.map((r) => r.id as string);
  };

  beforeAll(async () => {
    f = await openReadFixture((pkg) => {
      pkg.processes!.push(ownerCallProcess('welcomeCall', { type: 'onCreate' }), ownerCallProcess('customerCall', { type: 'onUpdate', condition: 'accountType == "customer"' }));
    });
    ctx = f.userCtx;
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('starts one instance with its task per new record, in the import\'s transaction', async () => {
    const report = await importRecords(ctx, { object: 'account', batchSize: 2, source: csv('name,accountType\nImp A,prospect\nImp B,prospect\nImp C,customer\n') });
    expect(report).toMatchObject({ ok: true, created: 3 });
    const ids = await accountIds(['Imp A', 'Imp B', 'Imp C']);
    expect(ids).toHaveLength(3);
    const instances = await instancesOf('welcomeCall', ids);
    expect(instances.map((i) => i.recordId).sort()).toEqual([...ids].sort());
    expect(instances.every((i) => i.status === 'running' && i.startedBy === ctx.actor.userId)).toBe(true);
    const tasks = await tasksOn(ids);
    expect(tasks.map((t) => [t.recordId, t.nodeId, t.status, t.assigneeId]).sort()).toEqual(ids.map((id) => [id, 'call', 'open', ctx.actor.userId]).sort());
    // a create is no update: the customer call starts on becoming a customer only
    expect(await instancesOf('customerCall', ids)).toEqual([]);
  });

  it('starts onUpdate processes for the records a keyed import changes; unchanged rows and dry runs start nothing', async () => {
    const ids = await accountIds(['Imp A', 'Imp B', 'Imp C']);
    const dry = await importRecords(ctx, { object: 'account', keyField: 'name', dryRun: true, source: csv('name,accountType\nImp A,customer\n') });
    expect(dry).toMatchObject({ ok: true, dryRun: true, updated: 1 });
    expect(await instancesOf('customerCall', ids)).toEqual([]);
    // A becomes a customer, B changes but stays a prospect, C is a customer already (unchanged), D is new
    const report = await importRecords(ctx, { object: 'account', keyField: 'name', source: csv('name,accountType,employees\nImp A,customer,\nImp B,prospect,5\nImp C,customer,\nImp D,customer,\n') });
    expect(report).toMatchObject({ ok: true, created: 1, updated: 2, unchanged: 1 });
    const [a, , , d] = await accountIds(['Imp A', 'Imp B', 'Imp C', 'Imp D']);
    expect((await instancesOf('customerCall', [...ids, d!])).map((i) => i.recordId)).toEqual([a]);
    expect((await instancesOf('welcomeCall', [d!])).map((i) => i.recordId)).toEqual([d]);
  });

  it('rolls the processes back with the import when a row is bad', async () => {
    const report = await importRecords(ctx, { object: 'account', source: csv('name,accountType\nImp E,prospect\nImp F,vip\n') });
    expect(report).toMatchObject({ ok: false, created: 0, failed: 1 });
    const processes = await f.database.db.select().from(processInstances);
    expect(processes.filter((i) => i.objectId === 'account')).toHaveLength(5); // A, B, C, D welcome calls and A's customer call
  });

  it('imports records of an object without processes as before: nothing read back, nothing started', async () => {
    expect(importReactions(await f.target('product'))).toBeNull();
    expect(importReactions(await f.target('account'))).toEqual({ create: true, update: true });
    const before = (await f.database.db.select().from(processInstances)).length;
    const report = await importRecords(ctx, { object: 'product', source: csv('name,code,family,listPrice\nWidget,PR-901,Module,10\nGadget,PR-902,Module,12\n') });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, created: 2 });
    expect((await f.database.db.select().from(processInstances)).length).toBe(before);
  });
});
