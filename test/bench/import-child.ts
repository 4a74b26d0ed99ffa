import { cliActor, importRecords } from '@mainline/api';
import { openDatabase } from '@mainline/db';

// Runs one importRecords in its own process for the import benchmark, so its peak RSS is the import's alone.
// argv: <database url> <object> <file.csv>; prints one JSON line.
const [url, object, file] = process.argv.slice(2);
const database = await openDatabase({ url: url!, migrate: false });
const started = performance.now();
const report = await importRecords({ database, actor: cliActor('bench') }, { object: object!, source: file! });
const seconds = (performance.now() - started) / 1000;
await database.close();
const { errors, ...counts } = report;
console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, ...counts, firstErrors: errors.slice(0, 3) }));
