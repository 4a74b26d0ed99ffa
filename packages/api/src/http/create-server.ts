import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { VersionRegistry, type Database, type RolloutSnapshot } from '@mainline/db';
import { warmUpPasswordHashing } from '../auth/passwords.ts';
import { OperationError } from '../errors.ts';
import { registerErrorHandling, sendProblem } from './error-handler.ts';
import { problemDocument } from './problem.ts';
import { apiV1 } from './rest/api-v1.ts';
import { packageBodyLimit } from './rest/body-limits.ts';
import { ajvOptions } from './schemas/ajv-options.ts';
import type { CookiePolicy } from './session-cookies.ts';
import { appRouter, type AppRouter } from './trpc/app-router.ts';
import { createTrpcContext } from './trpc/trpc-context.ts';
import { registerStrictText } from './strict-text.ts';
import { followAccessChanges } from '../operations/records/lib/caller-access.ts';
import { startProcessWorker } from '../operations/process/lib/process-worker.ts';
import { webhookHandler } from '../operations/process/lib/webhook-delivery.ts';
import { WEBHOOK_JOB } from '../operations/process/lib/webhook-payload.ts';
import { checkRetention, retentionFromEnv, startRetention, type RetentionOptions } from '../operations/process/lib/retention.ts';

export interface CreateServerOptions {
  database: Database;
  /** A pino logger, pino options, or false for none (tests). Default: info-level JSON lines on stdout. */
  logger?: FastifyBaseLogger | FastifyServerOptions['logger'];
  /** Mark cookies Secure even over plain http (behind a TLS-terminating proxy). Default: MAINLINE_SECURE_COOKIES=1. */
  secureCookies?: boolean;
  /** Trust X-Forwarded-* from a proxy in front (client address for rate limiting, https for cookies). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Which configuration version is in force where; default: one opened here (following NOTIFY) and closed with the server. */
  registry?: VersionRegistry;
  /** Run a job worker (process timers, escalations and schedules, webhook deliveries) in this server; default true. Several servers on one PostgreSQL share the work. */
  jobs?: boolean;
  /**
   * How long the daily purge (a minute after start, then every 24 h, with the job worker) keeps finished jobs (default 7 days), webhook
   * delivery attempts (30) and record audit entries (forever); what is not given here comes from
   * MAINLINE_JOB_RETENTION_DAYS, MAINLINE_WEBHOOK_LOG_RETENTION_DAYS and MAINLINE_AUDIT_RETENTION_DAYS.
   */
  retention?: Partial<RetentionOptions>;
  /**
   * Internal hosts, addresses and subnets process webhooks may call (`erp.internal`, `127.0.0.1`,
   * `10.20.0.0/16`): others that are or resolve to loopback, private, link-local or unique-local
   * addresses are refused. Default: MAINLINE_WEBHOOK_ALLOW_HOSTS (comma-separated), else none.
   */
  webhookAllowHosts?: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The published configuration versions in force, kept current without a restart. */
    versions: VersionRegistry;
  }
  interface FastifyRequest {
    /** The rollout in force when the request arrived; the request runs on it to the end. */
    versionSnapshot: RolloutSnapshot;
  }
}

function isLoggerInstance(logger: CreateServerOptions['logger']): logger is FastifyBaseLogger {
  return typeof logger === 'object' && logger !== null && typeof (logger as FastifyBaseLogger).child === 'function';
}

/**
 * The HTTP server: REST for integrators under /api/v1, tRPC for the apps under /trpc, errors as
 * problem+json. Returns the Fastify instance, not yet listening: call `listen`, or `inject` in tests.
 */
export async function createServer(options: CreateServerOptions): Promise<FastifyInstance> {
  const { database } = options;
  const logger = options.logger ?? { level: process.env.LOG_LEVEL ?? 'info' };
  const app: FastifyInstance = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    genReqId: () => randomUUID(),
    trustProxy: options.trustProxy ?? false,
    ajv: { customOptions: ajvOptions },
    // tRPC batches name several procedures in one path segment.
    routerOptions: { maxParamLength: 5000 },
    // A path that does not decode (`/records/%FF`): a problem document like every other 4xx.
    frameworkErrors: (error, _request, reply) => sendProblem(reply, problemDocument(400, 'request.invalid-url', error.message)),
  });
  const cookies: CookiePolicy = { secure: options.secureCookies ?? process.env.MAINLINE_SECURE_COOKIES === '1' };

  const registry = options.registry ?? (await VersionRegistry.open(database));
  if (!options.registry) app.addHook('onClose', () => registry.close());
  // role assignments and org changes made by any server reach this one's access cache at once
  const unfollow = await followAccessChanges(database);
  app.addHook('onClose', () => unfollow());
  if (options.jobs !== false) {
    const given = Object.entries(options.retention ?? {}).filter(([, days]) => days !== undefined);
    const retention = checkRetention({ ...retentionFromEnv(), ...Object.fromEntries(given) });
    const stopWorker = await startProcessWorker(database, registry, (error) => app.log.error(error), { [WEBHOOK_JOB]: webhookHandler(database, options.webhookAllowHosts ? { allowHosts: options.webhookAllowHosts } : {}) });
    // the daily purge of finished jobs, the delivery log and (when limited) the record audit
    const stopRetention = startRetention(database, retention, { onError: (error) => app.log.error({ err: error }, 'retention purge failed'), onPurged: (report) => app.log.info({ purged: report }, 'retention purge') });
    app.addHook('onClose', async () => {
      await stopRetention();
      await stopWorker();
    });
  }
  app.decorate('versions', registry);
  app.decorateRequest('versionSnapshot', null as unknown as RolloutSnapshot);
  app.addHook('onRequest', async (request) => {
    request.versionSnapshot = registry.snapshot;
  });
  app.decorateRequest('authentication', null);
  app.addHook('onReady', warmUpPasswordHashing);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  registerStrictText(app);
  await app.register(cookie);
  await app.register(apiV1, { prefix: '/api/v1', database, cookies });
  // The studio sends whole configuration packages (a few MB for 100 objects × 100 fields).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/trpc')) route.bodyLimit ??= packageBodyLimit;
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: createTrpcContext(database, cookies),
      onError({ error, req }) {
        if (error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof OperationError)) req.log.error({ err: error.cause ?? error }, 'unexpected error in tRPC');
      },
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>);
  return app;
}
