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
