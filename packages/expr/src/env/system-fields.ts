import type { CelType } from '../types.ts';

/** Columns every record has; they are in every scope. */
export const SYSTEM_FIELDS: Readonly<Record<string, CelType>> = Object.freeze({
  id: 'string',
  owner: 'string',
  orgUnit: 'string',
  createdBy: 'string',
  updatedBy: 'string',
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
});

export const USER_FIELDS: Readonly<Record<string, CelType>> = Object.freeze({
  id: 'string',
  username: 'string',
  orgUnit: 'string',
  roles: 'list<string>',
  units: 'list<string>',
  locale: 'string',
});

/** Variables besides the record fields. */
export const SCOPE_VARIABLES = ['user', 'now', 'prev'] as const;
