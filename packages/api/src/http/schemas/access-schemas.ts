/** `GET /access/explain` and `access.explain`: whom, which object, optionally which record. */
export const explainAccessQuery = {
  type: 'object',
  required: ['user', 'object'],
  additionalProperties: false,
  properties: {
    user: { type: 'string', minLength: 1, maxLength: 200, description: 'User id or username.' },
    object: { type: 'string', minLength: 1, maxLength: 100 },
    record: { type: 'string', maxLength: 100, description: 'A record id: explain each action on this record.' },
  },
} as const;

/** `POST /access/handover` and `access.handOver`: the operation's input as it is (it checks users, objects and filters: 403/404/422 with pointers). */
export const handOverWorkBody = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: {
    from: { type: 'string', maxLength: 200, description: 'The id of the user whose records move (may be disabled).' },
    to: { type: 'string', maxLength: 200, description: 'The id of the active user who takes them.' },
    objects: { type: 'array', maxItems: 500, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Default: every object the caller may transfer.' },
    filter: {
      anyOf: [
        { type: 'string', maxLength: 4000 },
        { type: 'object', maxProperties: 500, additionalProperties: { type: 'string', maxLength: 4000 } },
      ],
      description: 'A CEL filter for every object, or one per object id.',
    },
    orgUnit: { type: 'string', maxLength: 200, description: 'The id of the unit the moved records go to (default: each keeps its own).' },
    dryRun: { type: 'boolean', description: 'Count what would move; write nothing.' },
  },
} as const;
