import type { Problem } from '../../../errors.ts';
import { OperationError } from '../../../errors.ts';
import type { FieldIssue } from './field-checks.ts';

/** Collects the problems of an input, each at a JSON pointer. */
export class InputProblems {
  readonly problems: Problem[] = [];

  add(pointer: string, issue: FieldIssue | undefined): this {
    if (issue) this.problems.push({ pointer, ...issue });
    return this;
  }

  /** 422 with every problem found, when there is any. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const count = this.problems.length;
    throw new OperationError(422, 'org.invalid-input', count === 1 ? (this.problems[0]?.message ?? 'The input is invalid.') : `The input has ${count} problems.`, this.problems);
  }
}

/** A single problem at `pointer`, as an OperationError with the given status. */
export function problemError(status: 404 | 409 | 422, pointer: string, issue: FieldIssue): OperationError {
  return new OperationError(status, issue.code, issue.message, [{ pointer, ...issue }]);
}
