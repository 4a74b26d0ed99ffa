export { openApiDocument, type OpenApiOptions } from './openapi-document.ts';
export type { OpenApiObject } from './openapi-types.ts';
