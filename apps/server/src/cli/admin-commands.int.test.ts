import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousActor, login, resolveActor } from '@mainline/api';
import { testEngine } from '@mainline/db';
import { templatePath } from '@mainline/templates';
import { cliHarness } from './testing/cli-harness.ts';

// Runs the real `mainline` command (one process per call, ~1 s each) against a PGlite --data
// directory, or with MAINLINE_TEST_DB=postgres against a throw-away PostgreSQL database.
const template = templatePath('main-line');

/** main-line with one change to the lead object. */
function changedTemplate(file: string, change: (lead: { fields: { id: string; required?: boolean }[] }) => void): string {
  const pkg = JSON.parse(readFileSync(template, 'utf8'));
  change(pkg.objects.find((o: { id: string }) => o.id === 'lead'));
  writeFileSync(file, JSON.stringify(pkg, null, 2));
  return file;
}

const units = 'code,parent_code,name_en,name_zh\nhq,company,Headquarters,总部\ncompany,,Acme,艾克米\neast,company,East Region,华东区\n';

describe(`mainline publishing commands (${testEngine()})`, () => {
  const cli = cliHarness({ prefix: 'mainline-admin-' });
  const { mainline } = cli;
  beforeAll(() => cli.open());
  afterAll(() => cli.close());

  it('publishes a template with --yes', () => {
    const published = mainline(['publish', template, '--yes', '-m', 'first']);
    expect(published.stderr).toBe('');
    expect(published.stdout).toContain('CREATE TABLE "rec"."lead"');
    expect(published.stdout).toContain('Version 1 is in force for the whole organisation.');
    expect(published.code).toBe(0);
  });

  it('imports org units, plans and publishes a change to a pilot unit, promotes it, rolls back and lists the versions', () => {
    writeFileSync(join(cli.work, 'units.csv'), units);
    const imported = mainline(['org', 'import', join(cli.work, 'units.csv')]);
    expect([imported.code, imported.stdout]).toEqual([0, 'Imported: 3 created, 0 updated, 0 unchanged.\n']);
    expect(mainline(['org', 'list']).stdout).toBe('company  Acme\n├── east  East Region\n└── hq  Headquarters\n');

    const v2 = changedTemplate(join(cli.work, 'v2.json'), (lead) => lead.fields.push({ id: 'leadScore', type: 'number', label: { en: 'Lead score' } } as never));
    const plan = mainline(['plan', v2, '--to', 'hq']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('+ leadScore (number): added');
    expect(plan.stdout).toContain('ALTER TABLE "rec"."lead" ADD COLUMN "leadScore" double precision;');
    expect(plan.stdout).toMatch(/whole organisation: version 1\n {2}hq: the new version/);

    const unconfirmed = mainline(['publish', v2, '--to', 'hq']);
    expect([unconfirmed.code, unconfirmed.stderr]).toEqual([2, 'mainline: not asking without a terminal: pass --yes to go ahead\n']);
    const pilot = JSON.parse(mainline(['publish', v2, '--to', 'hq', '--yes', '-m', 'pilot', '--json']).stdout);
    expect(pilot).toMatchObject({ applied: true, versionId: 2 }); // version 2: the unconfirmed publish wrote nothing
    const hq = Object.keys(pilot.assignments).find((unit) => unit !== '*');
    expect(pilot.assignments).toEqual({ '*': 1, [hq!]: 2 });

    expect(mainline(['rollout', 'promote', '2']).stdout).toBe('Version 2 is in force for the whole organisation.\n');
    expect(mainline(['rollback']).stdout).toBe('Rolled back: version(s) 1, 2 in force.\n');
    expect(mainline(['versions']).stdout).toMatch(/^v2 {2}\S+ \S+ {2}tester {2}\[in force: hq\] {2}pilot\n {4}lead changed\nv1 {2}\S+ \S+ {2}tester {2}\[in force: organisation\] {2}first\n/);
    expect(mainline(['diff', '1', '2']).stdout).toBe('v1 → v2\n~ lead: changed\n    + leadScore (number): added\n');
    // role@unit: the roles come from the versions in force; a refused role leaves the user without it
    const rep = mainline(['user', 'add', 'rep', '--name', 'Rep', '--unit', 'east', '--role', 'salesRep@east', '--role', 'nope@east']);
    expect(rep.code).toBe(1);
    expect(rep.stdout).toMatch(/^Created user rep \(Rep\) in east\.\nRoles: salesRep@east\nOne-time password/);
    expect(rep.stderr).toBe('refused  org.role.unknown-role  There is no role "nope" in the configuration.\n  /roleId  org.role.unknown-role  There is no role "nope" in the configuration.\nNot assigned: nope@east (the user exists).\n');
  }, 180_000); // ten CLI processes one after another: each starts Node and opens the database

  it('refuses a plan the data does not allow, with exit 1 and the counts', async () => {
    await cli.use((database) => database.db.execute(`INSERT INTO "rec"."lead" ("fullName") VALUES ('Ann'), ('Bo'), ('Cy')`));
    const v3 = changedTemplate(join(cli.work, 'v3.json'), (lead) => (lead.fields.find((f) => f.id === 'jobTitle')!.required = true));
    const refused = mainline(['plan', v3]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Checks against the data (1): refused');
    expect(refused.stdout).toContain('lead.jobTitle becomes required, but 3 record(s) have no value');
    expect(refused.stdout).toContain('Refused: 1 check(s) failed, 3 record(s) in the way (publish.check.required lead.jobTitle: 3).');
    const published = mainline(['publish', v3, '--yes', '--json']);
    expect(published.code).toBe(1);
    expect(JSON.parse(published.stdout)).toMatchObject({ canPublish: false, check: { ok: false, problems: [{ code: 'publish.check.required', count: 3 }] } });
  });

  it('exits 2 on usage errors and 1 when an operation refuses', () => {
    expect(mainline(['plan', join(cli.work, 'missing.json')]).code).toBe(2);
    const noUnits = mainline(['rollout', 'extend', '2']);
    expect([noUnits.code, noUnits.stderr]).toEqual([2, expect.stringContaining("required option '--to <units>' not specified")]);
    const unknown = mainline(['rollout', 'extend', '2', '--to', 'atlantis']);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'refused  config.rollout.unknown-unit  Unknown or retired org unit(s): atlantis.\n']);
  });
});

describe(`mainline user and token commands (${testEngine()})`, () => {
  const cli = cliHarness({ prefix: 'mainline-admin-' });
  const { mainline } = cli;
  beforeAll(() => cli.open());
  afterAll(() => cli.close());

  it('imports users only when every row is good, reporting each bad row with row and column', () => {
    writeFileSync(join(cli.work, 'units.csv'), units);
    expect(mainline(['org', 'import', join(cli.work, 'units.csv')]).code).toBe(0);
    const users = join(cli.work, 'users.csv');
    writeFileSync(users, 'username,display_name,email,locale,org_unit_code,roles,password\nli.na,Li Na,,zh-CN,east,,Initial-Pass-2024\nzhao,Zhao,not-an-email,en,atlantis,,Initial-Pass-2025\n');
    for (const dryRun of [['--dry-run'], []]) {
      const run = mainline(['user', 'import', users, ...dryRun]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        [
          'row 3  email  org.user.invalid-email  "not-an-email" is not an email address.',
          'row 3  org_unit_code  org.unit.unknown  No org unit has the code "atlantis".',
          'Nothing written: 2 problem(s) in 1 row(s).',
          '',
        ].join('\n'),
      );
    }
    // `user list` in the next test shows that li.na, on a good row, was not written either
  });

  it('adds a user and creates a token, printing each secret once, and resets a password from stdin', async () => {
    const added = mainline(['user', 'add', 'ana', '--name', 'Ana', '--unit', 'east', '--permission', 'publish']);
    expect(added.code).toBe(0);
    const password = /to be changed at first sign-in\):\n {2}(\S+)\n$/.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(added.stdout.split(password!)).toHaveLength(2);

    const created = mainline(['token', 'create', 'ANA', '--name', 'nightly import', '--expires', '30']);
    expect(created.code).toBe(0);
    const token = /\n {2}(ml_\S+)\n$/.exec(created.stdout)?.[1];
    expect(created.stdout.split(token!)).toHaveLength(2);
    expect(created.stdout).toMatch(/Token "nightly import" for ANA \(ml_[0-9a-f]+, expires \d{4}-/);

    expect(mainline(['user', 'list']).stdout).toBe('ana  Ana  east  publish  -\n');
    expect(mainline(['user', 'passwd', 'ana', '--no-must-change'], { input: 'a brand new password\n' }).stdout).toBe('Password of ana set; their sessions have ended.\n');
    await cli.use(async (database) => {
      const ctx = { database, actor: anonymousActor() };
      expect((await login(ctx, { username: 'ana', password: 'a brand new password' })).user.mustChangePassword).toBe(false);
      expect(await resolveActor(database.db, { bearer: token! })).toMatchObject({ kind: 'authenticated', actor: { username: 'ana', permissions: ['publish'] } });
    });

    const taken = mainline(['user', 'add', 'ana', '--name', 'Ana again', '--unit', 'east', '--json']);
    expect(taken.code).toBe(1);
    expect(JSON.parse(taken.stdout)).toMatchObject({ ok: false, error: { code: 'org.user.duplicate-username' } });
  });
});
