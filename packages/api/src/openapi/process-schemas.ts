import type { JsonSchemaObject } from '@mainline/model';
import { completeTaskBody, delegateTaskBody, migrateInstancesBody, retryIncidentBody } from '../http/schemas/process-schemas.ts';

// The shapes the process routes answer with (operations/process/*.ts: InboxTask, TaskRow,
// RecordProcess, IncidentList) and the bodies they take (http/schemas/process-schemas.ts).

const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const dateTime = { type: 'string', format: 'date-time' } as const;
const dateTimeOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const uuidOrNull = { type: ['string', 'null'], format: 'uuid' } as const;

const incidentProperties = {
  id: { type: 'string', description: 'The incident\'s id within its instance: with `instanceId`, what a retry names.' },
  node: { type: 'string', description: 'Where the instance stopped.' },
  tokenId: { type: ['string', 'null'] },
  reason: { type: 'string', description: 'Why, as an engine code (docs/engine.md, "Incidents and retry").', examples: ['process.gateway-no-match', 'process.expression-failed', 'process.assignee-empty'] },
  message: { type: 'string' },
  at: dateTime,
  retry: { type: 'object', required: ['kind'], description: 'Where a retry picks up (`enter`, `execute`, `leave`, `reassign`, `join`).', properties: { kind: { type: 'string' } } },
} as const;

export const processSchemas: Record<string, JsonSchemaObject> = {
  LocalizedText: {
    type: 'object',
    description: 'A text of the configuration in English and, when given, Chinese.',
    required: ['en'],
    properties: { en: { type: 'string' }, 'zh-CN': { type: 'string' } },
  },
  InboxTask: {
    type: 'object',
    description: 'A task of the caller\'s inbox: theirs, or an unclaimed one of their roles (in the task\'s unit) and queues.',
    required: ['id', 'process', 'node', 'object', 'recordId', 'instanceId', 'stage', 'assigneeId', 'candidateRole', 'queueId', 'priority', 'dueAt', 'overdue', 'createdAt'],
    properties: {
      id: uuid,
      process: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: schema('LocalizedText') } },
      node: {
        type: 'object',
        required: ['id', 'label', 'form', 'outcomes'],
        description: 'The user task of the process: its form (a view id) and the outcomes to complete it with.',
        properties: {
          id: { type: 'string' },
          label: { anyOf: [schema('LocalizedText'), { type: 'null' }] },
          form: { type: ['string', 'null'] },
          outcomes: {
            type: 'array',
            items: { type: 'object', required: ['id', 'label', 'requiresComment'], properties: { id: { type: 'string' }, label: schema('LocalizedText'), requiresComment: { type: 'boolean' } } },
          },
        },
      },
      object: { type: 'string', description: 'The object of the record the task is about.' },
      recordId: uuid,
      instanceId: uuid,
      stage: { type: ['string', 'null'], description: 'The instance\'s current stage.' },
      assigneeId: { ...uuidOrNull, description: 'Who holds the task; null while a role or queue task is unclaimed.' },
      candidateRole: { type: ['string', 'null'] },
      queueId: { type: ['string', 'null'] },
      priority: { type: ['number', 'null'], description: 'A queue task\'s priority: higher first.' },
      dueAt: dateTimeOrNull,
      overdue: { type: 'boolean' },
      createdAt: dateTime,
    },
  },
  Task: {
    type: 'object',
    description: 'A task as stored, after a claim, give-back, delegation or completion.',
    required: ['id', 'instanceId', 'processId', 'versionId', 'nodeId', 'objectId', 'recordId', 'status', 'assigneeId', 'candidateRole', 'candidateUnit', 'queueId', 'createdAt'],
    properties: {
      id: uuid,
      instanceId: uuid,
      processId: { type: 'string' },
      versionId: { type: 'integer', description: 'The configuration version the instance runs on.' },
      nodeId: { type: 'string' },
      objectId: { type: 'string' },
      recordId: uuid,
      status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
      assigneeId: uuidOrNull,
      candidateRole: { type: ['string', 'null'] },
      candidateUnit: { ...uuidOrNull, description: 'The unit where the role is held that the task went to.' },
      queueId: { type: ['string', 'null'] },
      claimedAt: dateTimeOrNull,
      priority: { type: ['number', 'null'] },
      dueAt: dateTimeOrNull,
      createdAt: dateTime,
      completedAt: dateTimeOrNull,
      completedBy: uuidOrNull,
      outcome: { type: ['string', 'null'] },
    },
  },
  DelegateTaskRequest: delegateTaskBody as unknown as JsonSchemaObject,
  CompleteTaskRequest: {
    ...(completeTaskBody as unknown as JsonSchemaObject),
    description: '`values` are the task form\'s field values (field id → value), written to the record like an update with the step\'s field rights; problems come back at `/values/<field>`.',
  },
  ProcessStarted: { type: 'object', required: ['instanceId'], properties: { instanceId: uuid } },
  ProcessIncidentState: { type: 'object', required: Object.keys(incidentProperties), properties: incidentProperties },
  RecordProcess: {
    type: 'object',
    description: 'One process instance of a record: the stage bar, where it waits, its open incidents.',
    required: ['instanceId', 'process', 'versionId', 'startedAt', 'endedAt', 'progress', 'incidents'],
    properties: {
      instanceId: uuid,
      process: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: schema('LocalizedText') } },
      versionId: { type: 'integer' },
      startedAt: dateTime,
      endedAt: dateTimeOrNull,
      progress: {
        type: 'object',
        required: ['status', 'stage', 'stages', 'active'],
        properties: {
          status: { type: 'string', enum: ['running', 'incident', 'completed', 'terminated'] },
          stage: { type: ['string', 'null'], description: 'The current stage\'s id.' },
          stages: {
            type: 'array',
            description: 'The stage bar: each stage of the process in order.',
            items: {
              type: 'object',
              required: ['stage', 'state'],
              properties: {
                stage: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: schema('LocalizedText'), color: { type: 'string' } } },
                state: { type: 'string', enum: ['done', 'current', 'upcoming'] },
              },
            },
          },
          active: {
            type: 'array',
            description: 'Where the instance is: a node waiting for a task, a timer or an incident, or a join holding arrivals.',
            items: {
              type: 'object',
              required: ['node', 'waitsFor'],
              properties: {
                node: { type: 'string' },
                waitsFor: { type: 'string', enum: ['task', 'timer', 'incident', 'join'] },
                tokenId: { type: ['string', 'null'] },
                taskId: { type: 'string' },
                timerId: { type: 'string' },
                incidentId: { type: 'string' },
                since: dateTime,
                arrivals: { type: 'object', additionalProperties: { type: 'integer' } },
              },
            },
          },
        },
      },
      incidents: { type: 'array', items: schema('ProcessIncidentState') },
    },
  },
  RecordProcesses: { type: 'array', description: 'The process instances of the record, newest first.', items: schema('RecordProcess') },
  IncidentList: {
    type: 'object',
    required: ['processes', 'jobs'],
    properties: {
      processes: {
        type: 'array',
        description: 'Instances stopped at a node: fix the data, then retry with `instanceId` and `id`.',
        items: {
          type: 'object',
          required: [...Object.keys(incidentProperties), 'instanceId', 'processId', 'versionId', 'object', 'recordId'],
          properties: { ...incidentProperties, instanceId: uuid, processId: { type: 'string' }, versionId: { type: 'integer' }, object: { type: 'string' }, recordId: uuid },
        },
      },
      jobs: {
        type: 'array',
        description: 'Jobs that failed their last attempt (a timer, a webhook delivery): retry with `jobIncidentId` queues the job again.',
        items: {
          type: 'object',
          required: ['id', 'jobId', 'jobType', 'error', 'attempts', 'createdAt', 'resolvedAt', 'resolution'],
          properties: {
            id: uuid,
            jobId: { ...uuidOrNull, description: 'Null once the job was purged (the incident can then only be dismissed).' },
            jobType: { type: 'string' },
            error: { type: 'string' },
            attempts: { type: 'integer' },
            createdAt: dateTime,
            resolvedAt: dateTimeOrNull,
            resolution: { type: ['string', 'null'], enum: ['retried', 'dismissed', null] },
          },
        },
      },
    },
  },
  RetryIncidentRequest: {
    ...(retryIncidentBody as unknown as JsonSchemaObject),
    description: 'A process incident (`instanceId` and the incident\'s `incidentId`) or a job incident (`jobIncidentId`).',
  },
  MigrationRequest: {
    ...(migrateInstancesBody as unknown as JsonSchemaObject),
    description: 'From which version to which, renamed nodes, and what happens to instances that cannot move as they are.',
  },
  MigrationReport: {
    type: 'object',
    required: ['process', 'from', 'to', 'dryRun', 'migrationId', 'instances', 'nodes', 'outcome', 'lines', 'truncated'],
    properties: {
      process: { type: 'string' },
      from: { type: 'integer' },
      to: { type: 'integer' },
      dryRun: { type: 'boolean' },
      migrationId: { ...uuidOrNull, description: '`details.migration` of the audit entry and of each instance\'s `instance.migrated` event; null on a dry run.' },
      instances: { type: 'integer', description: 'Running instances of the process on `from` when the migration began.' },
      nodes: {
        type: 'array',
        description: 'Each active node: where it lands in `to`, whether it can, and how many instances rest there.',
        items: {
          type: 'object',
          required: ['node', 'type', 'target', 'status', 'problem', 'instances'],
          properties: {
            node: { type: 'string' },
            type: { type: 'string' },
            target: { type: 'string' },
            status: { type: 'string', enum: ['unchanged', 'mapped', 'missing', 'typeChanged', 'joinEdgeMissing'] },
            problem: { type: ['string', 'null'] },
            instances: { type: 'integer' },
          },
        },
      },
      outcome: {
        type: 'object',
        required: ['migrate', 'cancel', 'restart', 'keep'],
        properties: { migrate: { type: 'integer' }, cancel: { type: 'integer' }, restart: { type: 'integer' }, keep: { type: 'integer' } },
      },
      lines: {
        type: 'array',
        description: 'The instances in id order (the first 1,000).',
        items: {
          type: 'object',
          required: ['id', 'recordId', 'action', 'nodes', 'problems'],
          properties: {
            id: uuid,
            recordId: uuid,
            action: { type: 'string', enum: ['migrate', 'cancel', 'restart', 'keep'] },
            nodes: { type: 'array', items: { type: 'string' } },
            problems: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      truncated: { type: 'boolean' },
    },
  },
};
