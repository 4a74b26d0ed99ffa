import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliActor, publish } from '@mainline/api';
import { sqlText } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { bundleImportChild } from './import-child-bundle.ts';
import { row } from './measure.ts';
import { withDatabase } from './throwaway-database.ts';

const ROWS = Number(process.env.MAINLINE_BENCH_IMPORT_ROWS ?? 1_000_000);
const label = (en: string) => ({ en, 'zh-CN': en });
const options = (...values: string[]) => values.map((value) => ({ value, label: label(value) }));

/** One object of 20 fields of the common types (one unique, three choices, one multi-choice). */
const pkg: ConfigPackage = {
  id: 'benchImport',
  name: label('Import bench'),
  objects: [
    {
      id: 'item',
      label: label('Item'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: label('Name'), required: true },
        { id: 'code', type: 'text', label: label('Code'), unique: true },
        { id: 'email', type: 'email', label: label('E-mail') },
        { id: 'city', type: 'text', label: label('City') },
        { id: 'notes', type: 'longText', label: label('Notes') },
        { id: 'status', type: 'choice', label: label('Status'), options: options('new', 'open', 'won', 'lost') },
        { id: 'tier', type: 'choice', label: label('Tier'), options: options('a', 'b', 'c') },
        { id: 'region', type: 'choice', label: label('Region'), options: options('east', 'west', 'north', 'south') },
        { id: 'tags', type: 'multiChoice', label: label('Tags'), options: options('x', 'y', 'z') },
        { id: 'amount', type: 'currency', label: label('Amount') },
        { id: 'cost', type: 'currency', label: label('Cost') },
        { id: 'quantity', type: 'number', label: label('Quantity') },
        { id: 'score', type: 'number', label: label('Score') },
        { id: 'share', type: 'percent', label: label('Share') },
        { id: 'weight', type: 'number', label: label('Weight'), scale: 3 },
        { id: 'startDate', type: 'date', label: label('Start') },
        { id: 'endDate', type: 'date', label: label('End') },
        { id: 'seenAt', type: 'datetime', label: label('Seen at') },
        { id: 'active', type: 'boolean', label: label('Active') },
        { id: 'vip', type: 'boolean', label: label('VIP') },
      ],
    },
  ],
  roles: [],
  processes: [],
  views: [],
} as unknown as ConfigPackage;

const plainTable = `CREATE TABLE copy_item (name text, code text UNIQUE, email text, city text, notes text, status text, tier text, region text, tags text,
  amount numeric, cost numeric, quantity numeric, score numeric, share numeric, weight numeric, "startDate" date, "endDate" date, "seenAt" timestamptz, active boolean, vip boolean)`;

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const header = pkg.objects[0]!.fields.map((f) => f.id).join(',');
  out.write(`${header}\n`);
  const st = ['new', 'open', 'won', 'lost'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    chunk += `Item ${i},C${i},user${i}@example.com,City ${i % 100},"Note, ${i}",${st[i % 4]},${'abc'[i % 3]},${['east', 'west', 'north', 'south'][i % 4]},x;${i % 2 ? 'y' : 'z'},${(i % 10000) + 0.25},${i % 777},${i % 50},${i % 101},0.${i % 100},${(i % 1000) / 8},2025-01-${day},2025-02-${day},2025-03-${day}T10:00:00Z,${i % 2 ? 'true' : 'false'},${i % 3 ? 'false' : 'true'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * CSV import of 1,000,000 rows × 20 fields (MAINLINE_BENCH_IMPORT_ROWS to change) through
 * importRecords — in a child process, for its peak RSS, bundled to run on plain Node (tsx's
 * loader alone costs about 100 MB; its baseline is printed too) — against psql's
 * `\copy … FROM STDIN` (COPY FROM STDIN) of the same file into an identical plain table.
 */
export async function benchImport(url: string): Promise<void> {
  console.log(`\nCSV import (${ROWS.toLocaleString('en')} rows, 20 fields)`);
  const dir = mkdtempSync(join(tmpdir(), 'mainline-bench-import-'));
  const file = join(dir, 'items.csv');
  try {
    await writeCsv(file, ROWS);
    row('file size', `${(statSync(file).size / 1e6).toFixed(0)} MB`);
    await withDatabase(url, async (database, dbUrl) => {
      await publish({ database, actor: cliActor('bench') }, { package: pkg, message: 'import bench' });
      await database.db.execute(sqlText(plainTable));
      const copyStart = performance.now();
      execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy copy_item FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
      const copySeconds = (performance.now() - copyStart) / 1000;
      // the child on plain Node (bundled, see import-child-bundle.ts), else under tsx
      const source = fileURLToPath(new URL('./import-child.ts', import.meta.url));
      const bundled = await bundleImportChild(join(dir, 'import-child.mjs'));
      const runner = bundled ? [bundled] : ['--import', 'tsx', source];
      const child = (args: string[], tsx = false) => {
        const profile = process.env.MAINLINE_BENCH_IMPORT_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.MAINLINE_BENCH_IMPORT_PROF] : [];
        const run = spawnSync(process.execPath, [...(tsx ? ['--import', 'tsx', source] : [...profile, ...runner]), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (run.status !== 0) throw new Error(`the import child failed: ${run.stderr}`);
        return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { seconds: number; maxRssKb: number; created: number; failed: number; firstErrors: unknown[] };
      };
      const baseline = child(['--baseline', dbUrl]).maxRssKb;
      const tsxBaseline = bundled ? child(['--baseline', dbUrl], true).maxRssKb : baseline;
      const result = child([dbUrl, 'item', file]);
      if (result.created !== ROWS) console.log(`  import created ${result.created} of ${ROWS} (${JSON.stringify(result.firstErrors)})`);
      const importRate = ROWS / result.seconds;
      const copyRate = ROWS / copySeconds;
      row('COPY FROM STDIN (psql \\copy), plain table', `${Math.round(copyRate).toLocaleString('en')} rows/s`, `${copySeconds.toFixed(1)} s`);
      row('importRecords (one pass, one transaction, COPY, audit)', `${Math.round(importRate).toLocaleString('en')} rows/s`, `${result.seconds.toFixed(1)} s`);
      row('import / COPY', `${((importRate / copyRate) * 100).toFixed(1)} %`, 'goal ≥ 25 %');
      const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
      row(`peak RSS of the import process (${bundled ? 'bundled, plain Node' : 'node --import tsx'})`, mb(result.maxRssKb), 'goal < 300 MB');
      row('  of which the baseline (modules loaded, connected, no row)', mb(baseline));
      if (bundled) row('  baseline of the same child under node --import tsx', mb(tsxBaseline));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchImport(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
