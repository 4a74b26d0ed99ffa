import { uuid } from './schema-parts.ts';

// Structure only: the operations check meaning (views, limits, outcomes, form values, who may work
// on a task, which process starts by hand) and answer 404/409/422 with pointers (docs/processes-api.md).

/** Not a uuid pattern: an id that is not one is simply not found (404 `process.task-not-found`). */
const taskId = { type: 'string', minLength: 1, maxLength: 200 } as const;
const objectId = { type: 'string', minLength: 1, maxLength: 200 } as const;
const recordId = { type: 'string', minLength: 1, maxLength: 200 } as const;
const comment = { type: 'string', maxLength: 4000 } as const;

/** `GET /tasks` and `process.tasks.list`. */
export const listTasksQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    view: { type: 'string', maxLength: 20, description: '`mine`, `available` or `all` (default).' },
    limit: { type: 'integer', description: '1 to 200 (default 50).' },
  },
} as const;

export const taskParams = {
  type: 'object',
  required: ['id'],
  properties: { id: taskId },
} as const;

/** `POST /tasks/{id}/delegate`: whom to (a user id; the operation checks that they are active: 422 at `/to`). */
export const delegateTaskBody = {
  type: 'object',
  required: ['to'],
  additionalProperties: false,
  properties: { to: { type: 'string', maxLength: 200 }, comment },
} as const;

/** `POST /tasks/{id}/complete`: the outcome, the form's values (field id → value), a comment. */
export const completeTaskBody = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', maxLength: 200 }, values: { type: 'object', maxProperties: 1000 }, comment },
} as const;

/** `POST /records/{object}/{id}/process`: which process to start by hand. */
export const startProcessBody = {
  type: 'object',
  required: ['process'],
  additionalProperties: false,
  properties: { process: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/**
 * `POST /incidents/retry` and `process.incidents.retry`: a process incident (the instance and the
 * incident's id in its state) or a job incident. Instance and job incident ids are uuids.
 */
export const retryIncidentBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    instanceId: { ...uuid, description: 'The process instance (`instanceId` of a process incident).' },
    incidentId: { type: 'string', minLength: 1, maxLength: 200, description: 'The incident\'s `id` in that instance.' },
    jobIncidentId: { ...uuid, description: 'The `id` of a job incident.' },
  },
  oneOf: [{ required: ['instanceId', 'incidentId'] }, { required: ['jobIncidentId'] }],
} as const;

/** tRPC inputs: the REST body plus what REST carries in the path. */
export const taskIdInput = { ...taskParams, additionalProperties: false } as const;

export const delegateTaskInput = {
  ...delegateTaskBody,
  required: ['id', ...delegateTaskBody.required],
  properties: { id: taskId, ...delegateTaskBody.properties },
} as const;

export const completeTaskInput = {
  ...completeTaskBody,
  required: ['id', ...completeTaskBody.required],
  properties: { id: taskId, ...completeTaskBody.properties },
} as const;

export const recordProcessesInput = {
  type: 'object',
  required: ['object', 'id'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId },
} as const;

export const startProcessInput = {
  type: 'object',
  required: ['object', 'id', 'process'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId, ...startProcessBody.properties },
} as const;

/** `POST /processes/{process}/migrate`: from which version to which, the node map, what happens to instances that cannot move as they are. */
export const migrateInstancesBody = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: {
    from: { type: 'integer', description: 'The version the running instances are on.' },
    to: { type: 'integer', description: 'The version they move to.' },
    map: {
      type: 'object',
      maxProperties: 500,
      additionalProperties: { type: 'string', minLength: 1, maxLength: 200 },
      description: 'Renamed or replaced nodes: node id in `from` → node id in `to`.',
    },
    unmapped: { type: 'string', enum: ['keep', 'cancel', 'restart'], description: 'Instances whose active nodes cannot all be mapped: kept on `from` (default), cancelled, or restarted at `restartAt`.' },
    restartAt: { type: 'string', minLength: 1, maxLength: 200, description: 'With `unmapped: restart`: the node of `to` they start again at.' },
    dryRun: { type: 'boolean', description: 'Report what would happen; change nothing.' },
  },
} as const;

export const migrateInstancesInput = {
  type: 'object',
  required: ['process', ...migrateInstancesBody.required],
  additionalProperties: false,
  properties: { process: { type: 'string', minLength: 1, maxLength: 200 }, ...migrateInstancesBody.properties },
} as const;
