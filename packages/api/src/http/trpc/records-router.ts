import {
  aggregateRecords,
  bulkUpdateRecords,
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  listRelated,
  recordHistory,
  restoreRecord,
  searchRecords,
  transferRecord,
  updateRecord,
  type AggregateRecordsInput,
  type BulkUpdateInput,
  type CreateRecordInput,
  type DeleteRecordInput,
  type GetRecordInput,
  type ListRecordsInput,
  type ListRelatedInput,
  type RecordHistoryInput,
  type RestoreRecordInput,
  type SearchRecordsInput,
  type TransferRecordInput,
  type UpdateRecordInput,
} from '../../operations/records/index.ts';
import {
  aggregateRecordsInput,
  bulkUpdateInput,
  createRecordInput,
  deleteRecordInput,
  getRecordInput,
  listRecordsInput,
  listRelatedInput,
  recordInput,
  searchRecordsInput,
  transferRecordInput,
  updateRecordInput,
} from '../schemas/records-schemas.ts';
import { ajvInput } from './ajv-input.ts';
import { protectedProcedure, router } from './trpc.ts';

/**
 * The records operations for the apps, inputs exactly as the operations take them (problems point
 * into them: `/values/amount`, `/sort/0/field`). `aggregate` is a query: it changes nothing.
 * `bulkUpdate` answers when every batch is done (no progress over tRPC yet).
 */
export const recordsRouter = router({
  list: protectedProcedure.input(ajvInput<ListRecordsInput>(listRecordsInput)).query(({ ctx, input }) => listRecords(ctx.operation, input)),
  get: protectedProcedure.input(ajvInput<GetRecordInput>(getRecordInput)).query(({ ctx, input }) => getRecord(ctx.operation, input)),
  related: protectedProcedure.input(ajvInput<ListRelatedInput>(listRelatedInput)).query(({ ctx, input }) => listRelated(ctx.operation, input)),
  search: protectedProcedure.input(ajvInput<SearchRecordsInput>(searchRecordsInput)).query(({ ctx, input }) => searchRecords(ctx.operation, input)),
  aggregate: protectedProcedure.input(ajvInput<AggregateRecordsInput>(aggregateRecordsInput)).query(({ ctx, input }) => aggregateRecords(ctx.operation, input)),
  history: protectedProcedure.input(ajvInput<RecordHistoryInput>(recordInput)).query(({ ctx, input }) => recordHistory(ctx.operation, input)),
  create: protectedProcedure.input(ajvInput<CreateRecordInput>(createRecordInput)).mutation(({ ctx, input }) => createRecord(ctx.operation, input)),
  update: protectedProcedure.input(ajvInput<UpdateRecordInput>(updateRecordInput)).mutation(({ ctx, input }) => updateRecord(ctx.operation, input)),
  delete: protectedProcedure.input(ajvInput<DeleteRecordInput>(deleteRecordInput)).mutation(({ ctx, input }) => deleteRecord(ctx.operation, input)),
  restore: protectedProcedure.input(ajvInput<RestoreRecordInput>(recordInput)).mutation(({ ctx, input }) => restoreRecord(ctx.operation, input)),
  transfer: protectedProcedure.input(ajvInput<TransferRecordInput>(transferRecordInput)).mutation(({ ctx, input }) => transferRecord(ctx.operation, input)),
  bulkUpdate: protectedProcedure.input(ajvInput<Omit<BulkUpdateInput, 'onProgress'>>(bulkUpdateInput)).mutation(({ ctx, input }) => bulkUpdateRecords(ctx.operation, input)),
});
