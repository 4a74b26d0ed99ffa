import {
  claimTask,
  completeTask,
  delegateTask,
  listIncidents,
  listTasks,
  migrateInstances,
  recordProcesses,
  retryIncident,
  startProcess,
  unclaimTask,
  type CompleteTaskInput,
  type DelegateTaskInput,
  type ListTasksInput,
  type MigrateInstancesInput,
  type RecordProcessesInput,
  type RetryIncidentInput,
  type StartProcessInput,
  type TaskIdInput,
} from '../../operations/process/index.ts';
import { completeTaskInput, delegateTaskInput, listTasksQuery, migrateInstancesInput, recordProcessesInput, retryIncidentBody, startProcessInput, taskIdInput } from '../schemas/process-schemas.ts';
import { ajvInput } from './ajv-input.ts';
import { protectedProcedure, router } from './trpc.ts';

/**
 * The same process operations as REST /api/v1/tasks, /records/{object}/{id}/process and
 * /incidents, for the apps: the inbox and its task actions, the processes of a record (stage bar,
 * manual start), and incidents for admins. Inputs are the operations' inputs as they are.
 */
export const processRouter = router({
  tasks: router({
    list: protectedProcedure.input(ajvInput<ListTasksInput>(listTasksQuery)).query(({ ctx, input }) => listTasks(ctx.operation, input)),
    claim: protectedProcedure.input(ajvInput<TaskIdInput>(taskIdInput)).mutation(({ ctx, input }) => claimTask(ctx.operation, input)),
    unclaim: protectedProcedure.input(ajvInput<TaskIdInput>(taskIdInput)).mutation(({ ctx, input }) => unclaimTask(ctx.operation, input)),
    delegate: protectedProcedure.input(ajvInput<DelegateTaskInput>(delegateTaskInput)).mutation(({ ctx, input }) => delegateTask(ctx.operation, input)),
    complete: protectedProcedure.input(ajvInput<CompleteTaskInput>(completeTaskInput)).mutation(({ ctx, input }) => completeTask(ctx.operation, input)),
  }),
  instances: router({
    /** The process instances of one record, newest first (stage bar, where each waits, its incidents). */
    list: protectedProcedure.input(ajvInput<RecordProcessesInput>(recordProcessesInput)).query(({ ctx, input }) => recordProcesses(ctx.operation, input)),
    start: protectedProcedure.input(ajvInput<StartProcessInput>(startProcessInput)).mutation(({ ctx, input }) => startProcess(ctx.operation, input)),
    /** Running instances of a process to another version (a dry run first; see docs/processes.md, Versions). */
    migrate: protectedProcedure.input(ajvInput<MigrateInstancesInput>(migrateInstancesInput)).mutation(({ ctx, input }) => migrateInstances(ctx.operation, input)),
  }),
  incidents: router({
    list: protectedProcedure.query(({ ctx }) => listIncidents(ctx.operation)),
    retry: protectedProcedure.input(ajvInput<RetryIncidentInput>(retryIncidentBody)).mutation(({ ctx, input }) => retryIncident(ctx.operation, input)),
  }),
});
