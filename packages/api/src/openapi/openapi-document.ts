import type { BusinessObject, ConfigPackage, JsonSchemaObject } from '@mainline/model';
import { labelDescription } from './labels.ts';
import type { OpenApiObject } from './openapi-types.ts';
import { authPaths, handoverPaths, importExportPaths, importJobPaths, searchPaths } from './other-paths.ts';
import { sharedParameters } from './parameters.ts';
import { problemResponses } from './problem-schema.ts';
import { recordProcessPaths, taskAndIncidentPaths } from './process-paths.ts';
import { recordPaths } from './record-paths.ts';
import { createSchema, listSchema, objectSchemaNames, recordSchema, updateSchema } from './record-schemas.ts';
import { readSecurity, securitySchemes } from './security.ts';
import { sharedSchemas } from './shared-schemas.ts';

export interface OpenApiOptions {
  /** The configuration version the document describes: `info.version`. */
  versionId: number;
  /** Where the API is, absolute or relative to the document (default `/api/v1`). */
  serverUrl?: string;
}

/**
 * The OpenAPI 3.1 document of the records API for one configuration: per object its record,
 * create, update and list schemas and its paths (and its processes'), plus search, tasks,
 * incidents, sign-in and the problem format.
 * Pure: the same package and options give the same document.
 */
export function openApiDocument(pkg: ConfigPackage, options: OpenApiOptions): OpenApiObject {
  const names = objectSchemaNames(pkg.objects, Object.keys(sharedSchemas));
  const schemas: Record<string, JsonSchemaObject> = { ...sharedSchemas };
  const paths: Record<string, OpenApiObject> = {};
  for (const object of pkg.objects) {
    const own = names.get(object.id)!;
    schemas[own.record] = recordSchema(object, own.record);
    schemas[own.create] = createSchema(object, own.create);
    schemas[own.update] = updateSchema(object, own.update);
    schemas[own.list] = listSchema(object, own);
    const referencing = referencingObjects(pkg.objects, object).map((o) => ({ object: o, names: names.get(o.id)! }));
    Object.assign(paths, recordPaths(object, own, referencing), importExportPaths(object, object.id));
  }
  Object.assign(paths, recordProcessPaths(pkg, names), searchPaths(pkg.objects), importJobPaths, handoverPaths, taskAndIncidentPaths, authPaths);
  return {
    openapi: '3.1.1',
    info: {
      title: labelDescription(pkg.name),
      version: String(options.versionId),
      description: `The records API of the configuration "${pkg.id}", version ${options.versionId}: generated from the configuration in force for the caller, so it changes when a new version is published. Errors are RFC 9457 problem documents.`,
    },
    servers: [{ url: options.serverUrl ?? '/api/v1' }],
    security: readSecurity,
    tags: [
      ...pkg.objects.map((o) => ({ name: o.id, description: labelDescription(o.label) })),
      { name: 'search', description: 'Full-text search across objects.' },
      { name: 'imports', description: 'CSV import jobs.' },
      { name: 'access', description: 'Handing records over from one user to another.' },
      { name: 'tasks', description: 'The inbox: user tasks of processes, claimed, given back, delegated and completed.' },
      { name: 'incidents', description: 'Process instances and jobs that stopped: listed and retried by admins.' },
      { name: 'processes', description: 'Running process instances moved to a newer version by publishers.' },
      { name: 'auth', description: 'Sign-in for session users; integrators usually send an API token instead.' },
    ],
    paths,
    components: { schemas, parameters: sharedParameters, responses: problemResponses(), securitySchemes },
  };
}

/** The objects with a reference field to `target` (each once, in package order): its related lists. */
function referencingObjects(objects: readonly BusinessObject[], target: BusinessObject): BusinessObject[] {
  return objects.filter((o) => o.fields.some((f) => f.type === 'reference' && f.target === target.id));
}
