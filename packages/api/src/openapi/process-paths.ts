import type { ConfigPackage } from '@mainline/model';
import { labelDescription } from './labels.ts';
import { jsonResponse, ref, type OpenApiObject } from './openapi-types.ts';
import { problemRefs } from './problem-schema.ts';
import type { ObjectSchemaNames } from './record-schemas.ts';
import { writeSecurity } from './security.ts';

// The process routes (docs/processes-api.md): the inbox and its task actions, the processes of a
// record, incidents for admins, instance migration for publishers.

const taskId = { name: 'id', in: 'path', required: true, description: 'The task id (`id` of an inbox task).', schema: { type: 'string', format: 'uuid' } };
const jsonBody = (schema: OpenApiObject): OpenApiObject => ({ required: true, content: { 'application/json': { schema } } });
const task = jsonResponse('The task as stored now.', ref('schemas', 'Task'));

function taskAction(operationId: string, summary: string, description: string, body?: OpenApiObject): OpenApiObject {
  return {
    parameters: [taskId],
    post: {
      operationId,
      tags: ['tasks'],
      summary,
      description,
      security: writeSecurity,
      ...(body ? { requestBody: jsonBody(body) } : {}),
      responses: { '200': task, ...problemRefs(...(body ? (['BadRequest'] as const) : []), 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', ...(body ? (['Unprocessable'] as const) : [])) },
    },
  };
}

/** `/tasks…`, `/incidents…` and `/processes/{process}/migrate`: the same for every configuration. */
export const taskAndIncidentPaths: Record<string, OpenApiObject> = {
  '/tasks': {
    get: {
      operationId: 'listTasks',
      tags: ['tasks'],
      summary: 'The caller\'s inbox: their tasks and the unclaimed tasks of their roles and queues',
      description: 'Highest priority first, then the earliest due, then the oldest.',
      parameters: [
        { name: 'view', in: 'query', description: '`mine`: assigned to the caller; `available`: unclaimed ones they may take; `all`: both.', schema: { type: 'string', enum: ['all', 'mine', 'available'], default: 'all' } },
        { name: 'limit', in: 'query', description: 'How many tasks at most.', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      ],
      responses: { '200': jsonResponse('The tasks.', { type: 'array', items: ref('schemas', 'InboxTask') }), ...problemRefs('BadRequest', 'Unauthorized', 'Conflict', 'Unprocessable') },
    },
  },
  '/tasks/{id}/claim': taskAction('claimTask', 'Claim an unclaimed role or queue task: it becomes the caller\'s alone', 'Refused with 409 `process.task-claimed` when someone was quicker.'),
  '/tasks/{id}/unclaim': taskAction('unclaimTask', 'Give a claimed task back to its role or queue', 'Only a task the caller claimed (409 `process.task-not-claimed` otherwise; a task assigned by name has nowhere to go back to).'),
  '/tasks/{id}/delegate': taskAction(
    'delegateTask',
    'Hand the caller\'s task to another active user',
    'The caller must hold the task (by name or claimed; 409 `process.task-not-yours` otherwise); `to` must be an active user (422 at `/to`).',
    ref('schemas', 'DelegateTaskRequest'),
  ),
  '/tasks/{id}/complete': taskAction(
    'completeTask',
    'Complete a task with one of its outcomes, writing its form values to the record',
    'An unclaimed task the caller may take is claimed on the way. The values are an update of the record by the caller with the step\'s field rights (403 `access.field-read-only` at `/values/<field>`, 422 `records.invalid` at `/values/<field>`); an unknown outcome is 422 at `/outcome`, a missing required comment 422 at `/comment`. Then the process moves on, in the same transaction.',
    ref('schemas', 'CompleteTaskRequest'),
  ),
  '/incidents': {
    get: {
      operationId: 'listIncidents',
      tags: ['incidents'],
      summary: 'Open incidents of process instances and of jobs (platform permission `admin`)',
      responses: { '200': jsonResponse('The incidents, newest first.', ref('schemas', 'IncidentList')), ...problemRefs('Unauthorized', 'Forbidden') },
    },
  },
  '/incidents/retry': {
    post: {
      operationId: 'retryIncident',
      tags: ['incidents'],
      summary: 'Retry an incident after its cause is fixed (platform permission `admin`)',
      description: 'A process incident runs its node again on the record as it is now (a new incident if the problem remains); a job incident queues the job again with fresh attempts. Unknown or already resolved: 404 `process.incident-not-found`.',
      security: writeSecurity,
      requestBody: jsonBody(ref('schemas', 'RetryIncidentRequest')),
      responses: { '204': { description: 'Retried.' }, ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict') },
    },
  },
  '/processes/{process}/migrate': {
    parameters: [{ name: 'process', in: 'path', required: true, description: 'The process id.', schema: { type: 'string' } }],
    post: {
      operationId: 'migrateInstances',
      tags: ['processes'],
      summary: 'Move the running instances of a process to another version (platform permission `publish`)',
      description:
        'Instances whose active nodes all exist in `to` with the same type (or are mapped by `map`) move with their open tasks, join arrivals and timers; escalations new on a node are scheduled from the task\'s creation. The others are kept, cancelled or restarted at `restartAt` (`unmapped`). Send `dryRun: true` first: the answer lists, per active node and per instance, what would happen. A map naming an unknown node is 422 at `/map/<node>`; an unknown version 404.',
      security: writeSecurity,
      requestBody: jsonBody(ref('schemas', 'MigrationRequest')),
      responses: { '200': jsonResponse('What moved (on a dry run: what would), per node and per instance.', ref('schemas', 'MigrationReport')), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Unprocessable') },
    },
  },
};

/**
 * `/records/{object}/{id}/process` of each object a process of the package runs on: its
 * instances (GET), and — when one of them starts by hand — the manual start (POST), the body's
 * `process` one of those processes.
 */
export function recordProcessPaths(pkg: ConfigPackage, names: ReadonlyMap<string, ObjectSchemaNames>): Record<string, OpenApiObject> {
  const paths: Record<string, OpenApiObject> = {};
  for (const object of pkg.objects) {
    const processes = (pkg.processes ?? []).filter((p) => p.object === object.id);
    if (processes.length === 0) continue;
    const manual = processes.filter((p) => p.enabled !== false && p.triggers.some((t) => t.type === 'manual'));
    const label = labelDescription(object.label);
    const record = names.get(object.id)!.record;
    const item: OpenApiObject = {
      parameters: [ref('parameters', 'id')],
      get: {
        operationId: `list${record}Processes`,
        tags: [object.id],
        summary: `The processes of a ${label} record: stage bar, where each waits, open incidents`,
        responses: { '200': jsonResponse('The instances, newest first.', ref('schemas', 'RecordProcesses')), ...problemRefs('Unauthorized', 'NotFound', 'Conflict') },
      },
    };
    if (manual.length > 0) {
      item.post = {
        operationId: `start${record}Process`,
        tags: [object.id],
        summary: `Start a process by hand on a ${label} record`,
        description: `${manual.map((p) => `\`${p.id}\` (${labelDescription(p.label)})`).join(', ')}. Only the trigger's roles may start it (403 \`access.denied\`; without roles, whoever may update the record), while its condition holds and not while it runs on the record (409 \`process.condition\`, \`process.running\`).`,
        security: writeSecurity,
        requestBody: jsonBody({
          type: 'object',
          required: ['process'],
          additionalProperties: false,
          properties: { process: { type: 'string', enum: manual.map((p) => p.id) } },
        }),
        responses: { '201': jsonResponse('Started.', ref('schemas', 'ProcessStarted')), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unprocessable') },
      };
    }
    paths[`/records/${object.id}/{id}/process`] = item;
  }
  return paths;
}
