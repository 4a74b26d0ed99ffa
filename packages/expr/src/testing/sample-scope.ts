import type { ExprScope, ExprUser } from '../types.ts';

/** A small opportunity-like scope shared by the tests. */
export const SAMPLE_SCOPE: ExprScope = {
  fields: {
    amount: 'double',
    stage: 'string',
    qty: 'int',
    tags: 'list<string>',
    closeDate: 'timestamp',
    active: 'bool',
    extra: 'dyn',
  },
};

export const SAMPLE_USER: ExprUser = {
  id: 'u1',
  username: 'ann',
  orgUnit: 'eu',
  roles: ['sales'],
  units: ['eu', 'eu-north'],
};
