import { currentConfig } from '../../operations/config/current-config.ts';
import { diffVersions, type DiffVersionsInput } from '../../operations/config/diff-versions.ts';
import { extendRollout, type ExtendRolloutInput } from '../../operations/config/extend-rollout.ts';
import { getVersion, type GetVersionInput } from '../../operations/config/get-version.ts';
import { listVersions } from '../../operations/config/list-versions.ts';
import { planPublish, type PlanPublishInput } from '../../operations/config/plan-publish.ts';
import { promoteRollout, type PromoteRolloutInput } from '../../operations/config/promote-rollout.ts';
import { publish, type PublishInput } from '../../operations/config/publish.ts';
import { purge, type PurgeInput } from '../../operations/config/purge.ts';
import { rollback, type RollbackInput } from '../../operations/config/rollback.ts';
import {
  diffVersionsInput,
  extendRolloutInput,
  getVersionInput,
  planPublishBody,
  promoteRolloutInput,
  publishBody,
  purgeBody,
  rollbackInput,
} from '../schemas/config-schemas.ts';
import { ajvInput } from './ajv-input.ts';
import { protectedProcedure, router } from './trpc.ts';

/**
 * The same publishing operations as REST /api/v1/config, for the studio. `plan` is a mutation
 * although it changes nothing: its input is a whole package, too large for a query's URL.
 */
export const configRouter = router({
  current: protectedProcedure.query(({ ctx }) => currentConfig(ctx.operation)),
  plan: protectedProcedure.input(ajvInput<PlanPublishInput>(planPublishBody)).mutation(({ ctx, input }) => planPublish(ctx.operation, input)),
  publish: protectedProcedure.input(ajvInput<PublishInput>(publishBody)).mutation(({ ctx, input }) => publish(ctx.operation, input)),
  listVersions: protectedProcedure.query(({ ctx }) => listVersions(ctx.operation)),
  getVersion: protectedProcedure.input(ajvInput<GetVersionInput>(getVersionInput)).query(({ ctx, input }) => getVersion(ctx.operation, input)),
  diffVersions: protectedProcedure.input(ajvInput<DiffVersionsInput>(diffVersionsInput)).query(({ ctx, input }) => diffVersions(ctx.operation, input)),
  extendRollout: protectedProcedure.input(ajvInput<ExtendRolloutInput>(extendRolloutInput)).mutation(({ ctx, input }) => extendRollout(ctx.operation, input)),
  promoteRollout: protectedProcedure.input(ajvInput<PromoteRolloutInput>(promoteRolloutInput)).mutation(({ ctx, input }) => promoteRollout(ctx.operation, input)),
  rollback: protectedProcedure.input(ajvInput<RollbackInput>(rollbackInput)).mutation(({ ctx, input }) => rollback(ctx.operation, input)),
  purge: protectedProcedure.input(ajvInput<PurgeInput>(purgeBody)).mutation(({ ctx, input }) => purge(ctx.operation, input)),
});
