import type { LibraryFunction } from './library-function.ts';

const first = <T>(a: T | null, b: T): T => (a === null || a === undefined ? b : a);

export const NULL_FUNCTIONS: LibraryFunction[] = [
  {
    name: 'isNull',
    description: 'True when the value is empty (the field has no value).',
    params: ['value'],
    sql: true,
    nullAware: true,
    overloads: [{ signature: 'isNull(dyn): bool', handler: (v: unknown) => v === null || v === undefined }],
  },
  {
    name: 'orElse',
    description: 'The value, or the fallback when the value is empty.',
    params: ['value', 'fallback'],
    sql: true,
    nullAware: true,
    overloads: [
      ...(['string', 'int', 'double', 'bool', 'timestamp', 'list<string>'] as const).map((t) => ({
        signature: `orElse(${t}, ${t}): ${t}`,
        handler: first,
      })),
      { signature: 'orElse(double, int): double', handler: (a: number | null, b: bigint) => first(a, Number(b)) },
    ],
  },
];
