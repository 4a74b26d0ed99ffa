/** Names that the runtime and the expression language reserve; see docs/diagnostics.md. */

/** System columns every record has; they may be shown in list columns, sorts and cards. */
export const systemFields = ['id', 'owner', 'orgUnit', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;

/** System fields that an automatic action may set (setFields, createRecord). */
export const writableSystemFields: ReadonlySet<string> = new Set(['owner', 'orgUnit']);

/** System fields that hold a user and may be named by a `field:<id>` assignee. */
export const userSystemFields: ReadonlySet<string> = new Set(['owner', 'createdBy']);

export const systemFieldSet: ReadonlySet<string> = new Set(systemFields);

/** Names a field id may not take: system columns, expression variables and CEL reserved words. */
export const reservedFieldIds: ReadonlySet<string> = new Set([
  ...systemFields,
  'rowVersion',
  'deletedAt',
  'user',
  'now',
  'prev',
  // CEL literals and reserved words
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);
