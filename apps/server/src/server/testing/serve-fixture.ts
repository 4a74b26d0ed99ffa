// A server process for the SIGTERM test: a test database, a slow route, real signal handling.
import { openTestDatabase } from '@mainline/db';
import { startServer } from '../serve.ts';

const database = await openTestDatabase();
const running = await startServer({
  database,
  port: 0,
  logger: false,
  print: (line) => process.stdout.write(`${line}\n`),
  setup: (app) => {
    app.get('/slow', { config: { auth: 'public' } }, async () => {
      process.stdout.write('slow-started\n');
      await new Promise((resolve) => setTimeout(resolve, 700));
      return { finished: true };
    });
  },
});
await running.closed;
process.stdout.write('closed\n');
