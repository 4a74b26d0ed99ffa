import type { CelType } from '../types.ts';

const TIMESTAMP = 'google.protobuf.Timestamp';
const DURATION = 'google.protobuf.Duration';

/** The cel-js spelling of one of our types ('timestamp' is a protobuf well-known type there). */
export function toCelJsType(type: CelType): string {
  return type === 'timestamp' ? TIMESTAMP : type;
}

/** Our spelling of a cel-js type name: 'google.protobuf.Timestamp' → 'timestamp', 'list' → 'list<dyn>'. */
export function fromCelJsType(name: string): string {
  const short = name.replaceAll(TIMESTAMP, 'timestamp').replaceAll(DURATION, 'duration');
  if (short === 'list') return 'list<dyn>';
  if (short === 'map') return 'map<dyn, dyn>';
  return short;
}

/** Whether a result of type `actual` may be used where `expected` is required. */
export function isAssignable(actual: string, expected: CelType): boolean {
  if (actual === expected || expected === 'dyn') return true;
  if (actual === 'dyn' || actual === 'null') return true;
  if (expected === 'double' && actual === 'int') return true;
  if (expected === 'list<string>') return actual === 'list<dyn>' || actual === 'list<T>';
  return false;
}
