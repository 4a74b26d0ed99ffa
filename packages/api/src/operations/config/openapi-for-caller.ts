import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { openApiDocument } from '../../openapi/openapi-document.ts';
import type { OpenApiObject } from '../../openapi/openapi-types.ts';
import { versionInForce } from '../records/lib/version-in-force.ts';

/** Generated documents by version id and hash: versions never change, so neither does their document. */
const cache = new Map<string, OpenApiObject>();
const cacheLimit = 32;

/**
 * The OpenAPI document of the records API in the configuration version the caller works in
 * (a pilot unit sees its pilot's objects). 409 `records.no-configuration` before the first publish.
 */
export async function openApiForCaller(ctx: OperationContext): Promise<OpenApiObject> {
  if (ctx.actor.via === 'anonymous') throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
  const version = await versionInForce(ctx);
  // The hash too: another database (a test's, a second installation) may reuse the same id.
  const key = `${version.id}:${version.hash}`;
  let document = cache.get(key);
  if (!document) {
    document = openApiDocument(version.package, { versionId: version.id });
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, document);
  }
  return document;
}
