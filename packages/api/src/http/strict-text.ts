import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OperationError } from '../errors.ts';

// Text in requests must be text PostgreSQL can hold: valid UTF-8 (a decoder would otherwise turn
// bad bytes into U+FFFD and store that silently) and no U+0000 (PostgreSQL's text types refuse it,
// which surfaced as a 500 from the query). Both are 400 `request.invalid-text`, before any operation.

const utf8 = new TextDecoder('utf-8', { fatal: true });

function invalidText(where: string, what: string): OperationError {
  return new OperationError(400, 'request.invalid-text', `The request ${where} ${what}.`, [{ pointer: '', code: 'request.invalid-text', message: `The ${where} ${what}.` }]);
}

/** Whether a parsed JSON value holds U+0000 in a string or a key (iterative: bodies may be deeply nested). */
function holdsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (Array.isArray(value)) {
      stack.push(...value);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

/** The query string decoded part by part: 400 for percent-encoded bytes that are not UTF-8, or U+0000. */
async function checkQuery(request: FastifyRequest): Promise<void> {
  const start = request.url.indexOf('?');
  if (start < 0) return;
  for (const part of request.url.slice(start + 1).split(/[&=]/)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      throw invalidText('query string', 'is not valid UTF-8 (percent-encoded bytes that are no characters)');
    }
    if (decoded.includes('\u0000')) throw invalidText('query string', 'holds a NUL character (U+0000)');
  }
}

/** JSON bodies decoded strictly, then parsed by Fastify's own parser (prototype poisoning refused). */
export function registerStrictText(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer | string, done: (error: Error | null, value?: unknown) => void) => {
    let text: string;
    try {
      text = typeof body === 'string' ? body : utf8.decode(body);
    } catch {
      done(invalidText('body', 'is not valid UTF-8'));
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) done(error);
      else if (holdsNul(value)) done(invalidText('body', 'holds a NUL character (U+0000)'));
      else done(null, value);
    });
  });
  app.addHook('onRequest', checkQuery);
}
