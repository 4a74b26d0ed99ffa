import { cliActor, importRecords } from '@mainline/api';
import { openDatabase } from '@mainline/db';

// Runs one importRecords in its own process for the import benchmark, so its peak RSS is the import's alone.
// argv: <database url> <object> <file.csv>, or --baseline <database url> (load everything and connect,
// import nothing: the RSS the process has before any row); prints one JSON line.
const baseline = process.argv[2] === '--baseline';
const [url, object, file] = process.argv.slice(baseline ? 3 : 2);
const database = await openDatabase({ url: url!, migrate: false });
if (baseline) {
  await database.close();
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
} else {
  const started = performance.now();
  const report = await importRecords({ database, actor: cliActor('bench') }, { object: object!, source: file! });
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  const { errors, ...counts } = report;
  console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, ...counts, firstErrors: errors.slice(0, 3) }));
}
