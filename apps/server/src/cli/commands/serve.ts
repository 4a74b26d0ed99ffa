import type { Command } from 'commander';
import { ensureFirstAdmin } from '@mainline/api';
import { templateIds, type TemplateId } from '@mainline/templates';
import { startServer } from '../../server/serve.ts';
import { loadDemo } from '../../server/load-demo.ts';
import { describeDatabase, openCliDatabase } from '../cli-database.ts';
import { UsageError } from '../usage-error.ts';
import { formatDemoLogins } from './demo-logins.ts';

interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  demo?: string | boolean;
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${value}"`);
  return port;
}

function demoTemplate(demo: string | boolean | undefined): TemplateId | null {
  if (demo === undefined || demo === false) return null;
  const id = demo === true ? 'main-line' : demo;
  if (!(templateIds as readonly string[]).includes(id)) throw new UsageError(`unknown template "${id}" for --demo; choose one of: ${templateIds.join(', ')}`);
  return id as TemplateId;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the server (REST API, tRPC) on PGlite in --data, or on PostgreSQL when DATABASE_URL is set')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on (0.0.0.0 for the network)', '127.0.0.1')
    .option('--data <dir>', 'PGlite data directory (default .data/mainline)')
    .option('--demo [template]', `publish a template (default main-line) with a demo organisation and one user per role; one of: ${templateIds.join(', ')}`)
    .action(async (options: ServeOptions) => {
      const port = portOf(options.port);
      const template = demoTemplate(options.demo);
      const print = (line: string) => process.stdout.write(`${line}\n`);
      print(`Opening ${describeDatabase(options)} …`);
      const database = await openCliDatabase(options);
      const setupLines: string[] = [];
      try {
        if (template) {
          const demo = await loadDemo(database, template, (line) => print(`  ${line}`));
          if (demo.publishedVersion !== null) setupLines.push(`Published the ${template} template as version ${demo.publishedVersion}.`);
          setupLines.push(...formatDemoLogins(demo.logins));
        } else {
          const admin = await ensureFirstAdmin(database);
          if (admin.created) {
            setupLines.push(
              'First start: created the administrator.',
              `  username: ${admin.username}`,
              `  one-time password: ${admin.password}   (shown once; you must change it at first sign-in)`,
            );
          }
        }
      } catch (error) {
        await database.close();
        throw error;
      }
      // On a terminal the URLs and logins matter more than request logs; a log collector gets everything.
      const logger = { level: process.env.LOG_LEVEL ?? (process.stdout.isTTY ? 'warn' : 'info') };
      const running = await startServer({ database, port, host: options.host, print, logger });
      for (const line of setupLines) print(line);
      await running.closed;
    });
}
