import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { OperationError } from '../../errors.ts';
import { exportRecords, getImportJob, startImportJob, type ImportJob } from '../../operations/records/index.ts';
import { operationContext } from '../operation-context.ts';
import { objectParams } from '../schemas/records-schemas.ts';
import { parseList, parseSort } from './record-request.ts';
import type { RestOptions } from './rest-options.ts';

type ImportQuery = { key?: string; dryRun?: boolean; mapping?: string; batchSize?: number };
type ExportQuery = { filter?: string; sort?: string; fields?: string; labels?: 'id' | 'en' | 'zh-CN' };

const importQuery = {
  type: 'object',
  properties: { key: { type: 'string' }, dryRun: { type: 'boolean' }, mapping: { type: 'string', description: 'JSON object: CSV header → field id, or "-"' }, batchSize: { type: 'integer' } },
  additionalProperties: false,
};
const exportQuery = {
  type: 'object',
  properties: { filter: { type: 'string' }, sort: { type: 'string' }, fields: { type: 'string' }, labels: { type: 'string', enum: ['id', 'en', 'zh-CN'] } },
  additionalProperties: false,
};
const jobParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

function mappingOf(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    const message = 'The mapping is a JSON object of CSV header → field id (or "-").';
    throw new OperationError(422, 'records.import.invalid', message, [{ pointer: '/mapping', code: 'records.import.mapping', message }]);
  }
  return parsed as Record<string, string>;
}

function jobView(app: FastifyInstance, job: ImportJob) {
  const { id, objectId, status, rowsRead, rowsWritten, rowsFailed, report, error, createdAt, startedAt, finishedAt, options } = job;
  return { id, object: objectId, status, progress: { rowsRead, rowsWritten, rowsFailed }, options, report, error, createdAt, startedAt, finishedAt, location: `${app.prefix}/imports/${id}` };
}

/**
 * CSV import as a background job and CSV export, streamed (docs/records.md, "CSV import and
 * export"). The upload is the body itself (text/csv), streamed to a temporary file the job reads.
 */
export async function recordImportRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  // The body stays a stream here: the upload goes to a file, never into memory.
  app.addContentTypeParser(['text/csv', 'text/plain'], (_request, payload, done) => done(null, payload));

  app.post<{ Params: { object: string }; Querystring: ImportQuery; Body: Readable }>(
    '/records/:object/imports',
    { schema: { params: objectParams, querystring: importQuery }, bodyLimit: 2 * 1024 * 1024 * 1024 },
    async (request, reply) => {
      const ctx = operationContext(request, database);
      const mapping = mappingOf(request.query.mapping);
      if (!(request.body instanceof Readable)) throw new OperationError(400, 'records.import.content-type', 'Send the CSV file as the body with Content-Type text/csv.');
      const dir = await mkdtemp(join(tmpdir(), 'mainline-upload-'));
      const file = join(dir, 'upload.csv');
      await pipeline(request.body, createWriteStream(file));
      const { job, finished } = await startImportJob(ctx, { object: request.params.object, file, keyField: request.query.key, dryRun: request.query.dryRun, mapping, batchSize: request.query.batchSize });
      void finished; // runs on in the background; GET /imports/{id} shows how far it got
      void reply.header('location', `${app.prefix}/imports/${job.id}`);
      return reply.code(202).send(jobView(app, job));
    },
  );

  app.get<{ Params: { id: string } }>('/imports/:id', { schema: { params: jobParams } }, async (request) => jobView(app, await getImportJob(operationContext(request, database), request.params)));

  app.get<{ Params: { object: string }; Querystring: ExportQuery }>('/records/:object/export.csv', { schema: { params: objectParams, querystring: exportQuery } }, async (request, reply) => {
    const { filter, sort, fields, labels } = request.query;
    const chunks = await exportRecords(operationContext(request, database), { object: request.params.object, filter, sort: parseSort(sort), fields: parseList(fields), labels });
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${request.params.object}.csv"`);
    return reply.send(Readable.from(chunks));
  });
}
