import type { FastifyInstance } from 'fastify';
import { importOrgUnits } from '../../operations/org/import-org-units.ts';
import { importUsers } from '../../operations/org/import-users.ts';
import type { ImportInput } from '../../operations/org/lib/import-report.ts';
import { importOutcome } from '../import-outcome.ts';
import { operationContext } from '../operation-context.ts';
import { importCsvBody } from '../schemas/org-schemas.ts';
import { dryRunQuery } from '../schemas/schema-parts.ts';
import { csvBodyLimit } from './body-limits.ts';
import type { RestOptions } from './rest-options.ts';

type ImportRequest = { Body: string | Pick<ImportInput, 'csv'>; Querystring: Pick<ImportInput, 'dryRun'> };

/** The file comes as the body itself (Content-Type text/csv, or text/plain) or as JSON { csv }. */
const importRoute = {
  schema: {
    querystring: dryRunQuery,
    body: { content: { 'application/json': { schema: importCsvBody }, 'text/csv': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } } } },
  },
  bodyLimit: csvBodyLimit,
};

function importInput(request: { body: ImportRequest['Body']; query: ImportRequest['Querystring'] }): ImportInput {
  return { csv: typeof request.body === 'string' ? request.body : request.body.csv, ...request.query };
}

/**
 * CSV imports under /api/v1/org (docs/organisation.md): `?dryRun=true` checks and writes nothing.
 * 200 with the report, or 422 org.import.invalid listing every bad row. The operations check manageUsers.
 */
export async function orgImportRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<ImportRequest>('/org/units/import', importRoute, async (request) =>
    importOutcome(await importOrgUnits(operationContext(request, database), importInput(request))),
  );

  // Role ids are those of the configuration versions in force.
  app.post<ImportRequest>('/org/users/import', importRoute, async (request) =>
    importOutcome(await importUsers(operationContext(request, database), importInput(request))),
  );
}
