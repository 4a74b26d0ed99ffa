import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@mainline/db';
import { templatePath } from '@mainline/templates';
import { handoverFilter } from './commands/access.ts';
import { cliHarness } from './testing/cli-harness.ts';

// `mainline records transfer` and `mainline access handover` as real processes, on a PGlite
// --data directory or a throw-away PostgreSQL database. The command line is not limited by
// business roles: it may transfer any record of any object.
describe(`mainline records transfer / access handover (${testEngine()})`, () => {
  const cli = cliHarness({ prefix: 'mainline-handover-' });
  const { mainline, use, file } = cli;
  /** Rows of a query without parameters (this package has no SQL builder of its own). */
  const rows = <T>(query: string) => use(async (db) => ((await db.db.execute(query)) as unknown as { rows: T[] }).rows);
  const accounts = () => rows<{ id: string; name: string; owner: string | null; unit: string | null }>(`SELECT a.id::text AS id, a.name, u.username AS owner, o.code AS unit FROM rec.account a LEFT JOIN users u ON u.id = a.owner LEFT JOIN org_units o ON o.id = a."orgUnit" ORDER BY a.name`);

  beforeAll(async () => {
    await cli.open();
    expect(mainline(['publish', templatePath('complex-sales'), '--yes']).code).toBe(0);
    expect(mainline(['org', 'import', file('units.csv', 'code,parent_code,name_en,name_zh\nhq,,HQ,总部\neast,hq,East,华东\n')]).code).toBe(0);
    for (const username of ['ann', 'bob']) expect(mainline(['user', 'add', username, '--name', username, '--unit', 'east', '--role', 'accountExecutive@east']).code).toBe(0);
    expect(mainline(['import', 'account', file('accounts.csv', 'name,accountType\nA1,prospect\nA2,customer\nA3,prospect\nA4,prospect\n')]).code).toBe(0);
    // imported on the command line: no owner yet; ann owns them all
    await rows(`UPDATE rec.account SET owner = (SELECT id FROM users WHERE username = 'ann')`);
  });
  afterAll(() => cli.close());

  it('transfers one record to another owner and unit by username and unit code', async () => {
    const a1 = (await accounts()).find((a) => a.name === 'A1')!;
    const run = mainline(['records', 'transfer', 'account', a1.id, '--owner', 'bob', '--unit', 'east']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Transferred account ${a1.id} to owner bob, unit east (row version 2).`);
    expect((await accounts()).find((a) => a.name === 'A1')).toMatchObject({ owner: 'bob', unit: 'east' });
    const stale = mainline(['records', 'transfer', 'account', a1.id, '--owner', 'ann', '--row-version', '1']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('records.conflict');
    expect(mainline(['records', 'transfer', 'account', a1.id]).code).toBe(2);
  });

  it('hands over after a dry run: the same count, only the records matching the filter', async () => {
    const dry = mainline(['access', 'handover', '--from', 'ann', '--to', 'bob', '--object', 'account', '--filter', 'accountType == "prospect"', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: would hand over 2 records from ann to bob (nothing written).');
    expect(dry.stdout).toMatch(/account\s+2/);
    expect((await accounts()).filter((a) => a.owner === 'ann').map((a) => a.name)).toEqual(['A2', 'A3', 'A4']);

    const real = mainline(['access', 'handover', '--from', 'ann', '--to', 'bob', '--object', 'account', '--filter', 'account:accountType == "prospect"', '--json']);
    expect(real.code).toBe(0);
    const result = JSON.parse(real.stdout);
    expect(result).toMatchObject({ dryRun: false, from: { username: 'ann' }, to: { username: 'bob' }, records: { total: 2, byObject: { account: 2 } } });
    expect((await accounts()).map((a) => [a.name, a.owner])).toEqual([
      ['A1', 'bob'],
      ['A2', 'ann'],
      ['A3', 'bob'],
      ['A4', 'bob'],
    ]);
    expect(result.handoverId).toMatch(/^[0-9a-f-]{36}$/);
    const audited = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE details->>'handover' = '${result.handoverId}'`);
    expect(audited[0]!.n).toBe(3); // two records and the summary
  });

  it('hands over every object by default, and refuses what it cannot do', async () => {
    const all = mainline(['access', 'handover', '--from', 'ann', '--to', 'bob']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Handed over 1 record from ann to bob');
    expect(all.stdout).toMatch(/opportunity\s+0/);
    expect(all.stdout).toContain('Open tasks reassigned: 0');
    const unknown = mainline(['access', 'handover', '--from', 'ann', '--to', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('org.user.unknown');
    const same = mainline(['access', 'handover', '--from', 'bob', '--to', 'bob', '--json']);
    expect(same.code).toBe(1);
    expect(JSON.parse(same.stdout).error.problems).toEqual([expect.objectContaining({ pointer: '/to', code: 'access.handover.same-user' })]);
    expect(mainline(['access', 'handover', '--from', 'ann']).code).toBe(2);
  });

  it('reads --filter as one filter for every object, or object:filter per object', () => {
    expect(handoverFilter(undefined)).toBeUndefined();
    expect(handoverFilter(['stage == "won"'])).toBe('stage == "won"');
    expect(handoverFilter(['opportunity:stage == "won"', 'account: accountType == "prospect"'])).toEqual({ opportunity: 'stage == "won"', account: 'accountType == "prospect"' });
    expect(handoverFilter(['a == 1 ? true : false'])).toBe('a == 1 ? true : false');
    expect(() => handoverFilter(['stage == "won"', 'amount > 1'])).toThrow('--filter');
  });
});
