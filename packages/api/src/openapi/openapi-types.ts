/** A JSON object of an OpenAPI document: schemas, operations, parameters are all plain JSON here. */
export type OpenApiObject = Record<string, unknown>;

/** A reference to a component of the document. */
export function ref(kind: 'schemas' | 'parameters' | 'responses', name: string): { $ref: string } {
  return { $ref: `#/components/${kind}/${name}` };
}

/** A JSON response whose body follows the component schema `name`. */
export function jsonResponse(description: string, schema: OpenApiObject): OpenApiObject {
  return { description, content: { 'application/json': { schema } } };
}
