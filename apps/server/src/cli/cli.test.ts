import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { templateIds, templatePath } from '@mainline/templates';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mainline-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function mainline(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LANG: 'C' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('mainline validate', () => {
  it.each(templateIds)('accepts template %s (exit 0)', (id) => {
    const run = mainline('validate', templatePath(id));
    expect(run.stdout).toContain('valid: 0 errors, 0 warnings');
    expect(run.code).toBe(0);
  });

  it('rejects a broken package with pointers, line numbers and exit 1; --json gives the same', () => {
    const pkg = JSON.parse(readFileSync(templatePath('complex-sales'), 'utf8'));
    pkg.objects[0].fields[0].type = 'colour';
    pkg.roles[0].grants[0].object = 'nowhere';
    const file = join(work, 'broken.json');
    writeFileSync(file, JSON.stringify(pkg, null, 2));
    const human = mainline('validate', file);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('/objects/0/fields/0/type');
    expect(human.stdout).toMatch(/broken\.json:\d+:\d+/);
    const json = mainline('validate', file, '--json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { valid: boolean; diagnostics: { path: string; code: string }[] };
    expect(parsed.valid).toBe(false);
    expect(parsed.diagnostics.map((d) => d.path)).toContain('/objects/0/fields/0/type');
  });

  it('reports invalid JSON with line and column', () => {
    const file = join(work, 'syntax.json');
    writeFileSync(file, '{\n  "id": "x",\n  "name": {"en": "X"},,\n}');
    const run = mainline('validate', file, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics[0]).toMatchObject({ code: 'json.syntax', line: 3, column: 23 });
  });

  it('exits 2 on usage errors', () => {
    expect(mainline('validate').code).toBe(2);
    expect(mainline('validate', join(work, 'missing.json')).code).toBe(2);
    expect(mainline('frobnicate').code).toBe(2);
    expect(mainline('init', 'no-such-template', join(work, 'x')).code).toBe(2);
  });
});

describe('mainline init, templates and types', () => {
  it('lists the six templates', () => {
    const run = mainline('templates');
    for (const id of templateIds) expect(run.stdout).toContain(id);
  });

  it('writes a template as a split directory that validates, with diagnostics pointing into the split files', () => {
    const dir = join(work, 'init');
    expect(mainline('init', 'main-line', dir).code).toBe(0);
    expect(mainline('validate', dir).code).toBe(0);
    const objectFile = join(dir, 'objects', '01-' + JSON.parse(readFileSync(templatePath('main-line'), 'utf8')).objects[0].id + '.json');
    const object = JSON.parse(readFileSync(objectFile, 'utf8'));
    object.titleField = 'doesNotExist';
    writeFileSync(objectFile, JSON.stringify(object, null, 2));
    const run = mainline('validate', dir, '--json');
    expect(run.code).toBe(1);
    const d = JSON.parse(run.stdout).diagnostics.find((x: { path: string }) => x.path === '/objects/0/titleField');
    expect(d.file).toContain('01-');
    expect(d.line).toBeGreaterThan(1);
  });

  it('generates record types that TypeScript compiles', () => {
    const out = join(work, 'records.d.ts');
    expect(mainline('types', templatePath('complex-sales'), '-o', out).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/export interface Opportunity \{/);
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', out], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
