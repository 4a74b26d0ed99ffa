import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@mainline/db';
import { templatePath } from '@mainline/templates';
import { cliHarness } from './testing/cli-harness.ts';

// `mainline import` and `mainline export` as real processes, on a PGlite --data directory or a throw-away PostgreSQL database.
describe(`mainline import / export (${testEngine()})`, () => {
  const cli = cliHarness({ prefix: 'mainline-csv-' });
  const { work, mainline, file } = cli;

  beforeAll(async () => {
    await cli.open();
    expect(mainline(['publish', templatePath('complex-sales'), '--yes']).code).toBe(0);
  });
  afterAll(() => cli.close());

  it('reports every bad row and exits 1, writing nothing', () => {
    const bad = file('bad.csv', 'name,accountType,employees,colour\nGood,prospect,1,red\n,vip,many,blue\n');
    const run = mainline(['import', 'account', bad, '--mapping', file('map.json', '{"colour":"-"}')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('row 3  name  records.value.required');
    expect(run.stdout).toContain('row 3  accountType  records.value.choice');
    expect(run.stdout).toContain('row 3  employees  records.value.type');
    expect(run.stdout).toContain('nothing written');
    const json = JSON.parse(mainline(['import', 'account', bad, '--mapping', join(work, 'map.json'), '--json']).stdout);
    expect(json).toMatchObject({ ok: false, created: 0, failed: 1 });
    expect(mainline(['export', 'account', '--fields', 'name']).stdout).toBe('name\r\n');
  });

  it('imports a good file, upserts by key and exports it back', () => {
    const good = file('good.csv', 'Account name,Type,Annual revenue\nAcme,Customer,100\n华为,潜在客户,200.5\n');
    const run = mainline(['import', 'account', good, '--batch-size', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 rows read: 2 created');
    const out = join(work, 'out.csv');
    expect(mainline(['export', 'account', '--fields', 'name,accountType,annualRevenue', '--sort', '-name', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('name,accountType,annualRevenue\r\n华为,prospect,200.5\r\nAcme,customer,100\r\n');
    const upsert = mainline(['import', 'account', file('up.csv', 'name,annualRevenue\nAcme,150\n'), '--key', 'name']);
    expect(upsert.stdout).toContain('1 updated');
    expect(mainline(['export', 'account', '--fields', 'name,annualRevenue', '--filter', 'annualRevenue < 180']).stdout).toBe('name,annualRevenue\r\nAcme,150\r\n');
    expect(mainline(['import', 'account', join(work, 'missing.csv')]).code).toBe(2);
  });
});
