import { PublishError, type CheckProblem, type PlanIssue } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { pointer } from '@mainline/model';
import { OperationError, type Problem } from '../../../errors.ts';

/** JSON pointer of `object.field` (or `object`) in the package, for the studio to point at. */
export function pointerOf(pkg: ConfigPackage | undefined, subject: string): string {
  const [objectId, fieldId] = subject.split(', ')[0]!.split('.');
  const o = pkg?.objects.findIndex((x) => x.id === objectId) ?? -1;
  if (o < 0) return '';
  const f = fieldId === undefined ? -1 : pkg!.objects[o]!.fields.findIndex((x) => x.id === fieldId);
  return f < 0 ? pointer('objects', o) : pointer('objects', o, 'fields', f);
}

function problemsOf(error: PublishError, pkg: ConfigPackage | undefined): Problem[] {
  const checks = (error.details.problems as CheckProblem[] | undefined) ?? [];
  const blockers = (error.details.blockers as PlanIssue[] | undefined) ?? [];
  return [
    ...checks.map((p) => ({ pointer: pointerOf(pkg, p.subject), code: p.code, message: p.message.en })),
    ...blockers.map((b) => ({ pointer: b.objectId ? pointerOf(pkg, b.fieldId ? `${b.objectId}.${b.fieldId}` : b.objectId) : '', code: b.code, message: b.message.en })),
  ];
}

/** Runs a publishing step, turning the pipeline's expected refusals into OperationErrors (same code, both languages in details). */
export async function translated<T>(run: () => Promise<T>, pkg?: ConfigPackage): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    throw new OperationError(error.status, error.code, error.messages.en, problemsOf(error, pkg), { ...error.details, message: error.messages });
  }
}
