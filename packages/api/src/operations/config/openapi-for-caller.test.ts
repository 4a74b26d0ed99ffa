import { describe, expect, it } from 'vitest';
import type { ActiveVersion, Database } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { anonymousActor, cliActor, type OperationContext } from '../../context.ts';
import { openApiForCaller } from './openapi-for-caller.ts';

const version = (id: number, hash: string): ActiveVersion => ({ id, hash, package: loadTemplate('main-line'), message: '', createdAt: new Date() }) as unknown as ActiveVersion;
const ctxWith = (v: ActiveVersion | null, actor = cliActor('test')): OperationContext => ({ database: {} as Database, actor, config: { version: async () => v } });

describe('openApiForCaller', () => {
  it('generates once per version and again for another version', async () => {
    const first = await openApiForCaller(ctxWith(version(1, 'a')));
    expect(await openApiForCaller(ctxWith(version(1, 'a')))).toBe(first);
    const other = await openApiForCaller(ctxWith(version(1, 'b')));
    expect(other).not.toBe(first);
    expect((await openApiForCaller(ctxWith(version(2, 'c')))).info).toMatchObject({ version: '2' });
  });

  it('refuses anonymous callers and answers records.no-configuration before a publish', async () => {
    await expect(openApiForCaller(ctxWith(version(1, 'a'), anonymousActor()))).rejects.toMatchObject({ status: 401, code: 'auth.unauthenticated' });
    await expect(openApiForCaller(ctxWith(null))).rejects.toMatchObject({ status: 409, code: 'records.no-configuration' });
  });
});
