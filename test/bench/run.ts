import { openDatabase, sqlText, testServerUrl } from '@mainline/db';
import { benchFoundation } from './foundation.bench.ts';
import { benchPublish } from './publish.bench.ts';
import { benchRecords } from './records.bench.ts';

// `pnpm bench` — figures measured side by side in one run; goals are printed next to them, never asserted.
console.log(`Mainline benchmarks — node ${process.version}, ${new Date().toISOString()}`);
benchFoundation();

// Publishing on a million rows needs a real PostgreSQL server (DATABASE_URL, or the local one).
const url = testServerUrl();
try {
  const probe = await openDatabase({ url, migrate: false, poolSize: 1 });
  await probe.rows(sqlText('select 1'));
  await probe.close();
} catch (error) {
  console.error(`\nThe publish benchmarks need PostgreSQL at ${url} (${String(error)}).`);
  console.error('Start one (apt-get install -y postgresql && pg_ctlcluster 15 main start) or set DATABASE_URL.');
  process.exit(1);
}
await benchPublish(url);
await benchRecords(url);
