import { Ajv } from 'ajv';
import { OperationError } from '../../errors.ts';
import { ajvOptions } from '../schemas/ajv-options.ts';
import { schemaProblems } from '../request-problem.ts';

const ajv = new Ajv(ajvOptions);

/** A tRPC input parser from a JSON Schema of http/schemas: the same checks as REST, the same 400 `request.invalid`. */
export function ajvInput<T>(schema: object): (input: unknown) => T {
  const validate = ajv.compile<T>(schema);
  return (input) => {
    const value = input ?? {};
    if (validate(value)) return value;
    throw new OperationError(400, 'request.invalid', 'The input is not valid.', schemaProblems(validate.errors ?? []));
  };
}
