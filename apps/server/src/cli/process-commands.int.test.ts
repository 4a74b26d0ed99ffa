import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRole, cliActor, createOrgUnit, createRecord, createUser, listIncidents, publish, recordProcesses, transferRecord, type OperationContext } from '@mainline/api';
import { testEngine } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliHarness } from './testing/cli-harness.ts';

// `mainline incidents` and `mainline tasks --user` as real processes (four, about a second each),
// on a PGlite --data directory or a throw-away PostgreSQL database set up from the test process:
// a lead created on the command line has no owner, so its qualification task has no assignee and
// the process stops with an incident; a deal of ann's waits for a sales manager's go / no-go.
const name = (en: string) => ({ en, 'zh-CN': en });

describe(`mainline incidents / tasks (${testEngine()})`, () => {
  const cli = cliHarness({ prefix: 'mainline-process-' });
  const { mainline } = cli;
  const ids: Record<string, string> = {};
  /** The database as the command line (PGlite: only while no command runs). */
  const use = <T>(work: (ctx: OperationContext) => Promise<T>): Promise<T> => cli.use((database) => work({ database, actor: cliActor('test') }));

  beforeAll(async () => {
    await cli.open();
    await use(async (ctx) => {
      await publish(ctx, { package: loadTemplate('complex-sales'), message: 'complex sales' });
      const east = (await createOrgUnit(ctx, { code: 'east', name: name('East') })).id;
      for (const [username, role] of [
        ['meg', 'salesManager'],
        ['ann', 'accountExecutive'],
      ] as const) {
        ids[username] = (await createUser(ctx, { username, displayName: username, orgUnitId: east, password: 'correct horse battery 9' })).id;
        await assignRole(ctx, { userId: ids[username]!, roleId: role, orgUnitId: east });
      }
      const ann: OperationContext = { database: ctx.database, actor: { userId: ids.ann!, username: 'ann', permissions: [], via: 'session', orgUnitId: east } };
      const account = await createRecord(ann, { object: 'account', values: { name: 'Acme', accountType: 'customer' } });
      ids.deal = (await createRecord(ann, { object: 'opportunity', values: { name: 'Big deal', account: account.id, amount: 1000, closeDate: '2030-01-01' } })).id as string;
      const lead = await createRecord(ctx, { object: 'lead', values: { projectName: 'Imported project', company: 'Imported Ltd', fullName: 'Lee', email: 'lee@example.com' } });
      ids.lead = lead.id as string;
      const [incident] = (await listIncidents(ctx)).processes;
      expect(incident).toMatchObject({ reason: 'process.assignee-empty', recordId: ids.lead });
      ids.instance = incident!.instanceId;
      ids.incident = incident!.id;
      // the cause fixed: the lead has an owner now
      await transferRecord(ctx, { object: 'lead', id: ids.lead, rowVersion: lead.rowVersion as number, owner: ids.ann });
    });
  });
  afterAll(() => cli.close());

  it('lists the open incidents with the command that retries each, and retries one after its cause is fixed', async () => {
    const listed = mainline(['incidents']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Process incidents:');
    expect(listed.stdout).toMatch(new RegExp(`leadQualification v\\d+\\s+lead ${ids.lead}\\s+at qualify\\s+process\\.assignee-empty`));
    expect(listed.stdout).toContain(`retry: mainline incidents retry ${ids.instance} ${ids.incident}`);

    const retried = mainline(['incidents', 'retry', ids.instance!, ids.incident!]);
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`Incident ${ids.incident} of instance ${ids.instance} retried`);
    const [instance] = await use((ctx) => recordProcesses(ctx, { object: 'lead', id: ids.lead! }));
    expect(instance!.incidents).toEqual([]);
    expect(instance!.progress.active).toMatchObject([{ node: 'qualify', waitsFor: 'task' }]);

    const unknownJob = mainline(['incidents', 'retry', '--job', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(unknownJob.code).toBe(1);
    expect(JSON.parse(unknownJob.stdout)).toMatchObject({ ok: false, error: { code: 'process.incident-not-found', status: 404 } });
  });

  it("shows a user's inbox as they see it: the sales manager's go / no-go decision", () => {
    const run = mainline(['tasks', '--user', 'meg']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Opportunity pursuit.*›.*\\s+opportunity ${ids.deal}\\s+role salesManager`));
    // ann's own task (the lead, hers since the transfer) is not in meg's inbox
    expect(run.stdout).not.toContain(ids.lead);
  });

  it('migrates the running instances of a process to a newer version: a dry run names the missing node, --map moves them', async () => {
    const v1 = await use(async (ctx) => {
      // v2 renames the go / no-go step: the instance waiting there cannot move as it is
      const pkg = structuredClone(loadTemplate('complex-sales'));
      const pursuit = pkg.processes!.find((p) => p.id === 'opportunityPursuit')!;
      const rename = (id: string) => (id === 'goNoGo' ? 'decide' : id);
      pursuit.nodes = pursuit.nodes.map((n) => ({ ...n, id: rename(n.id) }));
      pursuit.edges = pursuit.edges.map((e) => ({ ...e, from: rename(e.from), to: rename(e.to) }));
      const published = await publish(ctx, { package: pkg, message: 'decide' });
      return published.versionId! - 1;
    });
    const v2 = String(v1 + 1);
    const dry = mainline(['process', 'migrate', 'opportunityPursuit', '--from', String(v1), '--to', v2, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Dry run — nothing changed. 1 running instance(s) of opportunityPursuit on version ${v1}:`);
    expect(dry.stdout).toMatch(/goNoGo\s+\(userTask\)\s+1 instance\(s\)\s+missing/);
    expect(dry.stdout).toContain(`To version ${v2}: 0 would be moved, 0 restarted, 0 cancelled, 1 kept on version ${v1}.`);
    expect(dry.stdout).toContain('--map old=new');

    const bad = mainline(['process', 'migrate', 'opportunityPursuit', '--from', String(v1), '--to', v2, '--map', 'goNoGo=nowhere', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { status: 422, problems: [{ pointer: '/map/goNoGo' }] } });

    const moved = mainline(['process', 'migrate', 'opportunityPursuit', '--from', String(v1), '--to', v2, '--map', 'goNoGo=decide']);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/goNoGo → decide\s+\(userTask\)\s+1 instance\(s\)\s+mapped/);
    expect(moved.stdout).toContain(`To version ${v2}: 1 were moved, 0 restarted, 0 cancelled, 0 kept on version ${v1}.`);
    const [instance] = await use((ctx) => recordProcesses(ctx, { object: 'opportunity', id: ids.deal! }));
    expect(instance!.progress.active).toMatchObject([{ node: 'decide', waitsFor: 'task' }]);
  }, 120_000); // three CLI processes, each loading the whole server code
});
