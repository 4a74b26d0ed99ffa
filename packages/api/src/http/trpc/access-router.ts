import { explainAccess, type ExplainAccessInput } from '../../operations/access/explain-access.ts';
import { handOverWork, type HandOverWorkInput } from '../../operations/access/hand-over-work.ts';
import { explainAccessQuery, handOverWorkBody } from '../schemas/access-schemas.ts';
import { ajvInput } from './ajv-input.ts';
import { protectedProcedure, router } from './trpc.ts';

/** The same access operations as REST /api/v1/access, for the apps (the studio's "view as user"). */
export const accessRouter = router({
  explain: protectedProcedure.input(ajvInput<ExplainAccessInput>(explainAccessQuery)).query(({ ctx, input }) => explainAccess(ctx.operation, input)),
  handOver: protectedProcedure.input(ajvInput<HandOverWorkInput>(handOverWorkBody)).mutation(({ ctx, input }) => handOverWork(ctx.operation, input)),
});
