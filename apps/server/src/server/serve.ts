import type { FastifyInstance } from 'fastify';
import { createServer, type CreateServerOptions } from '@mainline/api';
import type { Database } from '@mainline/db';
import { serverUrls, type ServerUrls } from './server-urls.ts';

export interface StartServerOptions {
  database: Database;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; 0.0.0.0 to serve the network. */
  host?: string;
  logger?: CreateServerOptions['logger'];
  secureCookies?: boolean;
  trustProxy?: CreateServerOptions['trustProxy'];
  /** Internal hosts process webhooks may call (default MAINLINE_WEBHOOK_ALLOW_HOSTS); see createServer. */
  webhookAllowHosts?: CreateServerOptions['webhookAllowHosts'];
  /** How long finished jobs, delivery attempts and record audit are kept (default from the environment); see createServer. */
  retention?: CreateServerOptions['retention'];
  /** Adds routes before the server listens (the built web apps, for example). */
  setup?: (app: FastifyInstance) => void | Promise<void>;
  /** Where the URLs are printed; default stdout. */
  print?: (line: string) => void;
  /** Shut down on SIGTERM and SIGINT (default true). */
  handleSignals?: boolean;
  /** How long in-flight requests may still take after shutdown begins before their connections are cut (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  urls: ServerUrls;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. Safe to call more than once. */
  shutdown(reason?: string): Promise<void>;
  /** Settles when shutdown has finished, whatever started it. */
  closed: Promise<void>;
}

/** Starts the HTTP server on an opened database, prints its URLs, and shuts down gracefully on SIGTERM/SIGINT. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { database } = options;
  const app = await createServer({ database, logger: options.logger, secureCookies: options.secureCookies, trustProxy: options.trustProxy, webhookAllowHosts: options.webhookAllowHosts, retention: options.retention });
  await options.setup?.(app);
  await app.listen({ port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const urls = serverUrls(options.host ?? '127.0.0.1', typeof address === 'object' && address ? address.port : (options.port ?? 3000));
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  print(`Mainline is running at ${urls.base}`);
  print(`  REST API for integrators  ${urls.api}  (health: ${urls.health})`);
  print(`  tRPC for the apps         ${urls.trpc}`);

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal while draining means "now".
    if (closing) process.exit(1);
    void shutdown(signal).then(() => (process.exitCode ??= 0));
  };

  function shutdown(reason = 'shutdown'): Promise<void> {
    closing ??= (async () => {
      app.log.info({ reason }, 'shutting down: no new connections, finishing requests in flight');
      const force = setTimeout(() => {
        app.log.warn('shutdown timeout: closing the connections still open');
        app.server.closeAllConnections();
      }, options.shutdownTimeoutMs ?? 10_000);
      force.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(force);
        for (const signal of signals) process.off(signal, onSignal);
        await database.close();
        resolveClosed();
      }
    })();
    return closing;
  }

  if (options.handleSignals !== false) for (const signal of signals) process.on(signal, onSignal);
  return { app, urls, shutdown, closed };
}
