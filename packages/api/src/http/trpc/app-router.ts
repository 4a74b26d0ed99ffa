import { sql } from 'drizzle-orm';
import { accessRouter } from './access-router.ts';
import { authRouter } from './auth-router.ts';
import { configRouter } from './config-router.ts';
import { orgRouter } from './org-router.ts';
import { processRouter } from './process-router.ts';
import { recordsRouter } from './records-router.ts';
import { publicProcedure, router } from './trpc.ts';

/** The tRPC API of the apps, served at /trpc. Other routers (config, records, …) join here. */
export const appRouter = router({
  health: publicProcedure.query(async ({ ctx }) => {
    await ctx.database.rows(sql`select 1`);
    return { status: 'ok' as const, database: ctx.database.kind };
  }),
  auth: authRouter,
  config: configRouter,
  org: orgRouter,
  records: recordsRouter,
  access: accessRouter,
  process: processRouter,
});

export type AppRouter = typeof appRouter;
