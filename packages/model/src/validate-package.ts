import type { ConfigPackage } from './generated/config.ts';
import { diagnostic, type Diagnostic } from './diagnostics/diagnostic.ts';
import { validateSchema } from './schema/validate-schema.ts';
import { checkSemantics } from './semantic/check-semantics.ts';

export interface ValidationResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Validates a configuration package: JSON Schema first, then the semantic checks that a schema
 * cannot express. Never throws, whatever it is given. `valid` is false when any error is found;
 * warnings alone keep it valid.
 */
export function validatePackage(input: unknown): ValidationResult {
  let diagnostics: Diagnostic[];
  try {
    diagnostics = validateSchema(input);
    if (diagnostics.length === 0) diagnostics = checkSemantics(input as ConfigPackage);
  } catch (error) {
    diagnostics = [
      diagnostic('internal.validator-failed', '', `The validator failed: ${String(error)}. Please report this.`, `校验器内部错误：${String(error)}。请报告此问题。`),
    ];
  }
  return { valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}
