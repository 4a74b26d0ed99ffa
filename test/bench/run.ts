import { openDatabase, sqlText, testServerUrl } from '@mainline/db';
import { benchAccess } from './access.bench.ts';
import { benchFoundation } from './foundation.bench.ts';
import { benchImport } from './import.bench.ts';
import { benchJobs } from './jobs.bench.ts';
import { benchProcess } from './process.bench.ts';
import { benchPublish } from './publish.bench.ts';
import { benchRecords } from './records.bench.ts';

// `pnpm bench` — figures measured side by side in one run; goals are printed next to them, never asserted.
// `pnpm bench foundation records` runs only the parts named (foundation, publish, records, import, access, jobs, process).
const parts = ['foundation', 'publish', 'records', 'import', 'access', 'jobs', 'process'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(parts as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(`unknown benchmark part(s): ${unknown.join(', ')}; choose from ${parts.join(', ')}`);
  process.exit(2);
}
const runs = (part: (typeof parts)[number]) => asked.length === 0 || asked.includes(part);

console.log(`Mainline benchmarks — node ${process.version}, ${new Date().toISOString()}`);
if (runs('foundation')) benchFoundation();

if (parts.slice(1).some(runs)) {
  // Publishing, records, import, access, jobs and processes run on a real PostgreSQL server (DATABASE_URL, or the local one).
  const url = testServerUrl();
  try {
    const probe = await openDatabase({ url, migrate: false, poolSize: 1 });
    await probe.rows(sqlText('select 1'));
    await probe.close();
  } catch (error) {
    console.error(`\nThe publish, records, import, access, jobs and process benchmarks need PostgreSQL at ${url} (${String(error)}).`);
    console.error('Start one (apt-get install -y postgresql && pg_ctlcluster 15 main start) or set DATABASE_URL.');
    process.exit(1);
  }
  if (runs('publish')) await benchPublish(url);
  if (runs('records')) await benchRecords(url);
  if (runs('import')) await benchImport(url);
  if (runs('access')) await benchAccess(url);
  if (runs('jobs')) await benchJobs(url);
  if (runs('process')) await benchProcess(url);
}
