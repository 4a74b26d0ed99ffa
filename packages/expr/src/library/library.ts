import type { Environment } from '@marcbachmann/cel-js';
import { toCelJsType } from '../analyze/type-names.ts';
import type { CelType } from '../types.ts';
import { DATE_FUNCTIONS } from './date-functions.ts';
import type { LibraryFunction } from './library-function.ts';
import { NULL_FUNCTIONS } from './null-functions.ts';
import { NUMBER_FUNCTIONS } from './number-functions.ts';
import { TEXT_FUNCTIONS } from './text-functions.ts';

export const LIBRARY: readonly LibraryFunction[] = [
  ...NULL_FUNCTIONS,
  ...TEXT_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
];

/** Functions that receive null arguments; every other function short-circuits on null. */
export const NULL_AWARE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...LIBRARY.filter((f) => f.nullAware).map((f) => f.name),
  'dyn',
  'type',
]);

function celJsSignature(signature: string): string {
  return signature.replaceAll('timestamp', toCelJsType('timestamp' satisfies CelType));
}

export function registerLibrary(env: Environment): void {
  for (const fn of LIBRARY) {
    for (const overload of fn.overloads) {
      const argList = overload.signature.slice(overload.signature.indexOf('(') + 1, overload.signature.indexOf(')'));
      const arity = argList.trim() === '' ? 0 : argList.split(',').length;
      env.registerFunction({
        signature: celJsSignature(overload.signature),
        handler: overload.handler,
        description: fn.description,
        params: fn.params.slice(0, arity).map((name) => ({ name })),
        async: false,
      });
    }
  }
}
