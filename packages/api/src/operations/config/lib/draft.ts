import type { ConfigPackage, Diagnostic } from '@mainline/model';
import { validatePackage } from '@mainline/model';
import { OperationError } from '../../../errors.ts';

/** A package that fails validation is never planned nor published: its error diagnostics come back as problems. */
export function validDraft(input: unknown): { draft: ConfigPackage; warnings: Diagnostic[] } {
  const { valid, diagnostics } = validatePackage(input);
  if (!valid) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    throw new OperationError(
      422,
      'config.package.invalid',
      `The package is not valid (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing was published.`,
      errors.map((d) => ({ pointer: d.path, code: d.code, message: d.message.en })),
      { diagnostics },
    );
  }
  return { draft: input as ConfigPackage, warnings: diagnostics };
}
