import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { enqueue, listIncidents as listJobIncidents, startWorker } from '@mainline/jobs';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { assignRole } from '../../operations/org/assign-role.ts';
import { createOrgUnit } from '../../operations/org/create-org-unit.ts';
import { createUser } from '../../operations/org/create-user.ts';
import { signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { at, name, ownerCallProcess } from '../../testing/process-fixtures.ts';
import { schemaAjv } from '../../testing/openapi-validator.ts';
import { createServer } from '../create-server.ts';

type Json = Record<string, unknown>;

/** complex-sales with two processes started by hand on accounts: a follow-up call, and a credit check that stops with an incident unless the account is a customer or a partner. */
function testPackage(): ConfigPackage {
  const pkg = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
  pkg.processes!.push(
    ownerCallProcess('customerFollowUp', { type: 'manual', roles: ['salesManager'], condition: 'accountType == "prospect"' }, 'Customer follow-up'),
    {
      id: 'creditCheck',
      label: name('Credit check'),
      object: 'account',
      triggers: [{ type: 'manual', roles: ['salesManager'] }],
      nodes: [
        { id: 'start', type: 'start', position: at },
        { id: 'kind', type: 'exclusiveGateway', position: at, onNoMatch: 'incident' },
        { id: 'customer', type: 'end', position: at },
        { id: 'partner', type: 'end', position: at },
      ],
      edges: [
        { id: 'toKind', from: 'start', to: 'kind' },
        { id: 'toCustomer', from: 'kind', to: 'customer', condition: 'accountType == "customer"' },
        { id: 'toPartner', from: 'kind', to: 'partner', condition: 'accountType == "partner"' },
      ],
    },
  );
  return pkg;
}

// The process routes (docs/processes-api.md) over REST and tRPC, as the users of the complex-sales
// template: ann (account executive, east-1), meg (sales manager, east), wes (sales manager, west),
// and an administrator. Answers are checked against the OpenAPI document's schemas.
describe(`tasks, record processes and incidents over REST and tRPC (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: OperationContext;
  const ids: Record<string, string> = {};
  const who: Record<string, SignedIn> = {};
  let conforms: (schema: string, value: unknown) => string[];

  const get = (as: SignedIn | null, url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, ...(as ? { cookies: as.cookies } : {}) });
  const post = (as: SignedIn, url: string, payload?: unknown, csrf = true) =>
    app.inject({ method: 'POST', url: `/api/v1${url}`, cookies: as.cookies, headers: csrf ? { 'x-csrf-token': as.csrfToken } : {}, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const query = (as: SignedIn, path: string, input: unknown) => app.inject({ method: 'GET', url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, cookies: as.cookies });
  const mutate = (as: SignedIn, path: string, input: unknown) =>
    app.inject({ method: 'POST', url: `/trpc/${path}`, cookies: as.cookies, headers: { 'content-type': 'application/json', 'x-csrf-token': as.csrfToken }, payload: JSON.stringify(input) });
  const data = (response: LightMyRequestResponse) => (response.json() as { result: { data: unknown } }).result.data;
  const trpcProblem = (response: LightMyRequestResponse) => (response.json() as { error: { data: { problem: Json } } }).error.data.problem;

  /** A deal of ann's: its go / no-go task goes to the sales managers of east (meg). */
  const deal = async (dealName: string) => {
    const created = await post(who.ann!, '/records/opportunity', { name: dealName, account: ids.account, amount: 1000, closeDate: '2030-01-01' });
    expect(created.statusCode).toBe(201);
    return created.json().id as string;
  };
  const taskOf = async (as: SignedIn, recordId: string) => ((await get(as, '/tasks')).json() as { id: string; recordId: string; node: { id: string } }[]).find((t) => t.recordId === recordId)!;
  const account = async (accountName: string, accountType = 'prospect') => {
    const created = await post(who.ann!, '/records/account', { name: accountName, accountType });
    expect(created.statusCode).toBe(201);
    return created.json().id as string;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    ctx = { database, actor: cliActor('test') };
    await publish(ctx, { package: testPackage(), message: 'complex sales with manual processes' });
    ids.hq = (await createOrgUnit(ctx, { code: 'hq', name: name('HQ') })).id;
    ids.east = (await createOrgUnit(ctx, { code: 'east', name: name('East'), parentId: ids.hq })).id;
    ids.east1 = (await createOrgUnit(ctx, { code: 'east-1', name: name('East 1'), parentId: ids.east })).id;
    ids.west = (await createOrgUnit(ctx, { code: 'west', name: name('West'), parentId: ids.hq })).id;
    for (const [username, unit, role, permissions] of [
      ['ann', 'east1', 'accountExecutive', []],
      ['meg', 'east', 'salesManager', []],
      ['wes', 'west', 'salesManager', []],
      ['root', 'hq', null, ['admin']],
    ] as const) {
      const user = await createUser(ctx, { username, displayName: username, orgUnitId: ids[unit]!, password: 'correct horse battery 9', mustChangePassword: false, permissions: [...permissions] });
      if (role) await assignRole(ctx, { userId: user.id, roleId: role, orgUnitId: ids[unit]! });
      ids[username] = user.id;
      who[username] = await signIn(app, { username, password: 'correct horse battery 9' });
    }
    ids.account = await account('Acme', 'customer');

    const doc = (await get(who.meg!, '/openapi.json')).json() as Json;
    const ajv = schemaAjv();
    ajv.addSchema(doc, 'https://mainline.invalid/doc.json');
    conforms = (schema, value) => {
      const validate = ajv.getSchema(`https://mainline.invalid/doc.json#/components/schemas/${schema}`)!;
      return validate(JSON.parse(JSON.stringify(value))) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('lists the inbox: the role\'s unclaimed tasks for its holders near the record, narrowed by view; bad views and limits at their pointers', async () => {
    const id = await deal('Inbox deal');
    const inbox = (await get(who.meg!, '/tasks')).json() as Json[];
    const task = inbox.find((t) => t.recordId === id)!;
    expect(task).toMatchObject({ object: 'opportunity', node: { id: 'goNoGo', outcomes: [{ id: 'go' }, { id: 'noGo', requiresComment: true }] }, candidateRole: 'salesManager', assigneeId: null, stage: 'qualify' });
    for (const t of inbox) expect(conforms('InboxTask', t)).toEqual([]);
    expect(((await get(who.meg!, '/tasks?view=available')).json() as Json[]).map((t) => t.id)).toContain(task.id);
    expect(((await get(who.meg!, '/tasks?view=mine')).json() as Json[]).map((t) => t.id)).not.toContain(task.id);
    expect(((await get(who.wes!, '/tasks')).json() as Json[]).map((t) => t.id)).not.toContain(task.id);
    expect(data(await query(who.meg!, 'process.tasks.list', { view: 'available', limit: 200 }))).toEqual(expect.arrayContaining([expect.objectContaining({ id: task.id })]));

    const badView = await get(who.meg!, '/tasks?view=everything');
    expect(badView.statusCode).toBe(422);
    expect(badView.json().errors).toEqual([expect.objectContaining({ pointer: '/view', code: 'process.view' })]);
    expect((await get(who.meg!, '/tasks?limit=0')).json().errors).toEqual([expect.objectContaining({ pointer: '/limit' })]);
    expect((await get(who.meg!, '/tasks?colour=red')).statusCode).toBe(400);
    expect((await get(null, '/tasks')).json()).toMatchObject({ status: 401, code: 'auth.unauthenticated' });
  });

  it('claims, gives back and delegates over REST and tRPC: CSRF for sessions, 409 when it is taken, 404 for whoever may not work on it', async () => {
    const id = await deal('Delegated deal');
    const task = await taskOf(who.meg!, id);
    expect((await post(who.meg!, `/tasks/${task.id}/claim`, undefined, false)).json()).toMatchObject({ status: 403, code: 'auth.csrf' });
    const claimed = await post(who.meg!, `/tasks/${task.id}/claim`);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ id: task.id, status: 'open', assigneeId: ids.meg });
    expect(conforms('Task', claimed.json())).toEqual([]);
    expect((await post(who.meg!, `/tasks/${task.id}/claim`)).json()).toMatchObject({ status: 409, code: 'process.task-claimed' });
    expect((await post(who.ann!, `/tasks/${task.id}/claim`)).json()).toMatchObject({ status: 404, code: 'process.task-not-found' });
    expect((await post(who.meg!, '/tasks/not-a-task/claim')).json()).toMatchObject({ status: 404, code: 'process.task-not-found' });

    expect(data(await mutate(who.meg!, 'process.tasks.unclaim', { id: task.id }))).toMatchObject({ assigneeId: null });
    expect((await post(who.meg!, `/tasks/${task.id}/unclaim`)).json()).toMatchObject({ status: 409, code: 'process.task-not-claimed' });
    expect((await post(who.meg!, `/tasks/${task.id}/delegate`, { to: ids.wes })).json()).toMatchObject({ status: 409, code: 'process.task-not-yours' });
    await post(who.meg!, `/tasks/${task.id}/claim`);
    const nobody = await post(who.meg!, `/tasks/${task.id}/delegate`, { to: 'nobody' });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().errors).toEqual([expect.objectContaining({ pointer: '/to', code: 'records.owner-inactive' })]);
    expect((await post(who.meg!, `/tasks/${task.id}/delegate`, { comment: 'to whom?' })).statusCode).toBe(400);
    const delegated = await post(who.meg!, `/tasks/${task.id}/delegate`, { to: ids.wes, comment: 'you know them' });
    expect(delegated.json()).toMatchObject({ assigneeId: ids.wes });
    expect(((await get(who.wes!, '/tasks?view=mine')).json() as Json[]).map((t) => t.id)).toContain(task.id);
    expect((await post(who.meg!, `/tasks/${task.id}/unclaim`)).json()).toMatchObject({ status: 404, code: 'process.task-not-found' });
  });

  it('completes with an outcome and form values: comment and outcome refused at their pointers, field errors at /values/<field> (403 read-only, 422 invalid), then the process moves on', async () => {
    const id = await deal('Lost deal');
    const go = await taskOf(who.meg!, id);
    expect((await post(who.meg!, `/tasks/${go.id}/complete`, { outcome: 'noGo' })).json()).toMatchObject({ status: 422, code: 'process.comment-required', errors: [{ pointer: '/comment' }] });
    expect((await post(who.meg!, `/tasks/${go.id}/complete`, { outcome: 'maybe' })).json()).toMatchObject({ status: 422, code: 'process.outcome-unknown', errors: [{ pointer: '/outcome' }] });
    expect((await post(who.meg!, `/tasks/${go.id}/complete`, {})).statusCode).toBe(400);
    const completed = await post(who.meg!, `/tasks/${go.id}/complete`, { outcome: 'noGo', comment: 'not for us' });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ status: 'completed', outcome: 'noGo', completedBy: ids.meg });
    expect(conforms('Task', completed.json())).toEqual([]);
    expect((await post(who.meg!, `/tasks/${go.id}/complete`, { outcome: 'go' })).json()).toMatchObject({ status: 409, code: 'process.task-closed' });

    // the loss is recorded by the owner; the step opens lostReason to her, not probability
    const loss = await taskOf(who.ann!, id);
    expect(loss.node.id).toBe('recordLoss');
    const readOnly = await post(who.ann!, `/tasks/${loss.id}/complete`, { outcome: 'confirm', values: { probability: 0.5 } });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json()).toMatchObject({ code: 'access.field-read-only', errors: [{ pointer: '/values/probability', code: 'access.field-read-only' }] });
    const invalid = await mutate(who.ann!, 'process.tasks.complete', { id: loss.id, outcome: 'confirm', values: { lostReason: 'bad luck' } });
    expect(invalid.statusCode).toBe(422);
    expect(trpcProblem(invalid).errors).toEqual([expect.objectContaining({ pointer: '/values/lostReason' })]);
    expect(data(await mutate(who.ann!, 'process.tasks.complete', { id: loss.id, outcome: 'confirm', values: { lostReason: 'price', lossNotes: 'too dear' } }))).toMatchObject({ status: 'completed' });
    expect((await get(who.ann!, `/records/opportunity/${id}`)).json()).toMatchObject({ stage: 'lost', lostReason: 'price', lossNotes: 'too dear' });
  });

  it('shows a record\'s processes with the stage bar to whoever may read the record (404 otherwise)', async () => {
    const id = await deal('Staged deal');
    const go = await taskOf(who.meg!, id);
    await post(who.meg!, `/tasks/${go.id}/complete`, { outcome: 'go' });
    const response = await get(who.ann!, `/records/opportunity/${id}/process`);
    expect(response.statusCode).toBe(200);
    const [instance] = response.json() as { process: Json; progress: { status: string; stage: string; stages: { stage: { id: string }; state: string }[]; active: Json[] } }[];
    expect(conforms('RecordProcesses', response.json())).toEqual([]);
    expect(instance!.process).toMatchObject({ id: 'opportunityPursuit' });
    expect(instance!.progress).toMatchObject({ status: 'running', stage: 'discovery', active: [{ node: 'discovery', waitsFor: 'task' }] });
    expect(instance!.progress.stages.slice(0, 3).map((s) => [s.stage.id, s.state])).toEqual([
      ['qualify', 'done'],
      ['discovery', 'current'],
      ['solution', 'upcoming'],
    ]);
    expect(data(await query(who.meg!, 'process.instances.list', { object: 'opportunity', id }))).toEqual(response.json());
    expect((await get(who.wes!, `/records/opportunity/${id}/process`)).json()).toMatchObject({ status: 404, code: 'records.not-found' });
    expect((await get(who.ann!, `/records/nothing/${id}/process`)).json()).toMatchObject({ status: 404, code: 'records.object-unknown' });
  });

  it('starts a process by hand: 201 for the trigger\'s roles while its condition holds, refused at /process otherwise', async () => {
    const id = await account('Prospect Ltd');
    const started = await post(who.meg!, `/records/account/${id}/process`, { process: 'customerFollowUp' });
    expect(started.statusCode).toBe(201);
    expect(conforms('ProcessStarted', started.json())).toEqual([]);
    const [instance] = (await get(who.meg!, `/records/account/${id}/process`)).json() as Json[];
    expect(instance).toMatchObject({ instanceId: started.json().instanceId, process: { id: 'customerFollowUp' } });
    expect((await post(who.meg!, `/records/account/${id}/process`, { process: 'customerFollowUp' })).json()).toMatchObject({ status: 409, code: 'process.running', errors: [{ pointer: '/process' }] });
    expect((await post(who.ann!, `/records/account/${id}/process`, { process: 'customerFollowUp' })).json()).toMatchObject({ status: 403, code: 'access.denied', errors: [{ pointer: '/process' }] });
    expect((await post(who.meg!, `/records/account/${id}/process`, { process: 'nothing' })).json()).toMatchObject({ status: 422, code: 'process.unknown' });
    expect((await post(who.meg!, `/records/account/${id}/process`, { process: 'customerFollowUp' }, false)).json()).toMatchObject({ status: 403, code: 'auth.csrf' });
    const customer = await mutate(who.meg!, 'process.instances.start', { object: 'account', id: ids.account, process: 'customerFollowUp' });
    expect(trpcProblem(customer)).toMatchObject({ status: 409, code: 'process.condition' });
    expect((await mutate(who.wes!, 'process.instances.start', { object: 'account', id, process: 'creditCheck' })).statusCode).toBe(404);
  });

  it('lists and retries incidents for admins only: a process incident after the data is fixed, a job incident queued again', async () => {
    const id = await account('Unsure Ltd');
    const { instanceId } = (await post(who.meg!, `/records/account/${id}/process`, { process: 'creditCheck' })).json() as { instanceId: string };
    expect((await get(who.meg!, '/incidents')).json()).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect((await post(who.meg!, '/incidents/retry', { instanceId, incidentId: 'x' })).json()).toMatchObject({ status: 403, code: 'auth.forbidden' });
    const listed = await get(who.root!, '/incidents');
    expect(listed.statusCode).toBe(200);
    expect(conforms('IncidentList', listed.json())).toEqual([]);
    const incident = (listed.json() as { processes: { id: string; instanceId: string; reason: string }[] }).processes.find((i) => i.instanceId === instanceId)!;
    expect(incident).toMatchObject({ reason: 'process.gateway-no-match', node: 'kind', object: 'account', recordId: id });

    // retried before the data is fixed: resolved, and a new incident raised where it stopped
    expect((await post(who.root!, '/incidents/retry', { instanceId, incidentId: incident.id })).statusCode).toBe(204);
    expect((await post(who.root!, '/incidents/retry', { instanceId, incidentId: incident.id })).json()).toMatchObject({ status: 404, code: 'process.incident-not-found' });
    const again = (data(await query(who.root!, 'process.incidents.list', undefined)) as { processes: { id: string; instanceId: string }[] }).processes.find((i) => i.instanceId === instanceId)!;
    expect(again.id).not.toBe(incident.id);
    const { rowVersion } = (await get(who.ann!, `/records/account/${id}`)).json() as { rowVersion: number };
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/records/account/${id}`, cookies: who.ann!.cookies, headers: { 'x-csrf-token': who.ann!.csrfToken, 'if-match': `"${rowVersion}"` }, payload: { accountType: 'partner' } })).statusCode).toBe(200);
    expect((await mutate(who.root!, 'process.incidents.retry', { instanceId, incidentId: again.id })).statusCode).toBe(200);
    expect(((await get(who.meg!, `/records/account/${id}/process`)).json() as { progress: { status: string } }[])[0]!.progress.status).toBe('completed');
    expect((await post(who.root!, '/incidents/retry', { instanceId })).statusCode).toBe(400);
    expect((await post(who.root!, '/incidents/retry', { instanceId, incidentId: 'x', jobIncidentId: crypto.randomUUID() })).statusCode).toBe(400);

    // a job that failed its last attempt
    await database.db.transaction((tx) => enqueue(tx, { type: 'test.always-fails', maxAttempts: 1 }));
    const worker = await startWorker(database, { handlers: { 'test.always-fails': () => Promise.reject(new Error('the far side is down')) }, pollMs: 10 });
    try {
      await expect.poll(async () => (await listJobIncidents(database.db, { jobType: 'test.always-fails' })).length, { timeout: 20_000 }).toBe(1);
    } finally {
      await worker.stop();
    }
    const jobs = (await get(who.root!, '/incidents')).json() as { jobs: { id: string; jobType: string; error: string }[] };
    const failed = jobs.jobs.find((j) => j.jobType === 'test.always-fails')!;
    expect(failed.error).toContain('the far side is down');
    expect((await post(who.root!, '/incidents/retry', { jobIncidentId: failed.id })).statusCode).toBe(204);
    expect(((await get(who.root!, '/incidents')).json() as { jobs: { id: string }[] }).jobs.map((j) => j.id)).not.toContain(failed.id);
    expect((await post(who.root!, '/incidents/retry', { jobIncidentId: failed.id })).json()).toMatchObject({ status: 404, code: 'process.incident-not-found' });
  });
});
