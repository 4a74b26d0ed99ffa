import type { FastifyInstance } from 'fastify';
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
  type RetryIncidentInput,
} from '../../operations/process/index.ts';
import { operationContext } from '../operation-context.ts';
import { completeTaskBody, delegateTaskBody, listTasksQuery, migrateInstancesBody, retryIncidentBody, startProcessBody, taskParams } from '../schemas/process-schemas.ts';
import { recordParams } from '../schemas/records-schemas.ts';
import type { RestOptions } from './rest-options.ts';

type TaskParams = { Params: { id: string } };
type RecordParams = { Params: { object: string; id: string } };

/**
 * Tasks, the processes of a record, incidents and instance migration under /api/v1 (docs/processes-api.md): routes only
 * translate HTTP ↔ the process operations, which check who may do what. A task's body is the
 * operation's input without the id (it is in the path), so problems keep the operation's pointers
 * (`/values/amount`, `/outcome`, `/to`).
 */
export async function processRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<{ Querystring: ListTasksInput }>('/tasks', { schema: { querystring: listTasksQuery } }, async (request) => listTasks(operationContext(request, database), request.query));

  app.post<TaskParams>('/tasks/:id/claim', { schema: { params: taskParams } }, async (request) => claimTask(operationContext(request, database), request.params));

  app.post<TaskParams>('/tasks/:id/unclaim', { schema: { params: taskParams } }, async (request) => unclaimTask(operationContext(request, database), request.params));

  app.post<TaskParams & { Body: Omit<DelegateTaskInput, 'id'> }>('/tasks/:id/delegate', { schema: { params: taskParams, body: delegateTaskBody } }, async (request) =>
    delegateTask(operationContext(request, database), { ...request.body, id: request.params.id }),
  );

  app.post<TaskParams & { Body: Omit<CompleteTaskInput, 'id'> }>('/tasks/:id/complete', { schema: { params: taskParams, body: completeTaskBody } }, async (request) =>
    completeTask(operationContext(request, database), { ...request.body, id: request.params.id }),
  );

  app.get<RecordParams>('/records/:object/:id/process', { schema: { params: recordParams } }, async (request) => recordProcesses(operationContext(request, database), request.params));

  // A manual trigger (the button on the record's page): 201 with the new instance's id.
  app.post<RecordParams & { Body: { process: string } }>('/records/:object/:id/process', { schema: { params: recordParams, body: startProcessBody } }, async (request, reply) =>
    reply.code(201).send(await startProcess(operationContext(request, database), { ...request.params, process: request.body.process })),
  );

  app.get('/incidents', async (request) => listIncidents(operationContext(request, database)));

  // A process incident ({ instanceId, incidentId }) or a job incident ({ jobIncidentId }); 204 once retried.
  app.post<{ Body: RetryIncidentInput }>('/incidents/retry', { schema: { body: retryIncidentBody } }, async (request, reply) => {
    await retryIncident(operationContext(request, database), request.body);
    return reply.code(204).send();
  });

  // Running instances of a process to another version (admins who publish; the studio and `mainline process migrate`).
  app.post<{ Params: { process: string }; Body: Omit<MigrateInstancesInput, 'process'> }>(
    '/processes/:process/migrate',
    { schema: { params: { type: 'object', required: ['process'], properties: { process: { type: 'string', minLength: 1, maxLength: 200 } } }, body: migrateInstancesBody } },
    async (request) => migrateInstances(operationContext(request, database), { ...request.body, process: request.params.process }),
  );
}
