import { describe, expect, it } from 'vitest';
import type { BusinessObject, ConfigPackage, Field } from '@mainline/model';
import { loadTemplate, templateIds } from '@mainline/templates';
import { problemDocument } from '../http/problem.ts';
import { openApiProblems, schemaAjv } from '../testing/openapi-validator.ts';
import { openApiDocument } from './openapi-document.ts';

type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema>; required?: string[]; readOnly?: boolean; description?: string };
type Doc = { info: { title: string; version: string }; paths: Record<string, Record<string, { operationId?: string }>>; components: { schemas: Record<string, Schema> } };

const documents = templateIds.map((id) => ({ id, pkg: loadTemplate(id), doc: openApiDocument(loadTemplate(id), { versionId: 7 }) as unknown as Doc }));
const computed = new Set(['formula', 'autoNumber', 'rollup']);
const typesOf = (schema: Schema): string[] => [schema.type ?? []].flat();
const operationIds = (doc: Doc): string[] =>
  Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op && typeof op === 'object' && 'operationId' in op ? [op.operationId!] : []))) as string[];

describe('openApiDocument', () => {
  it.each(documents.map((d) => [d.id, d] as const))('is a valid OpenAPI 3.1 document for the %s template', (_id, { doc }) => {
    expect(openApiProblems(doc as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('is told apart from an invalid document by the validator', () => {
    const broken = structuredClone(documents[0]!.doc) as unknown as Record<string, unknown>;
    (broken.paths as Record<string, unknown>)['/records/x'] = { get: { parameters: [{ name: 'a', in: 'body' }], responses: {} } };
    expect(openApiProblems(broken)).not.toEqual([]);
    expect(openApiProblems({ ...broken, info: { title: 'no version' } })).not.toEqual([]);
  });

  it('takes the title from the package name and the version from the configuration version', () => {
    const { doc, pkg } = documents.find((d) => d.id === 'complex-sales')!;
    expect(doc.info.title).toBe(`${pkg.name.en} (${pkg.name['zh-CN']})`);
    expect(doc.info.version).toBe('7');
  });

  it('has a record, create, update and list schema and the concrete paths for every object', () => {
    for (const { pkg, doc } of documents) {
      for (const object of pkg.objects) {
        const name = object.id.charAt(0).toUpperCase() + object.id.slice(1);
        for (const suffix of ['', 'Create', 'Update', 'List']) expect(doc.components.schemas, `${name}${suffix}`).toHaveProperty(`${name}${suffix}`);
        expect(Object.keys(doc.paths[`/records/${object.id}`]!)).toEqual(['get', 'post']);
        expect(Object.keys(doc.paths[`/records/${object.id}/{id}`]!)).toEqual(['parameters', 'get', 'patch', 'delete']);
        expect(doc.paths[`/records/${object.id}/{id}/restore`]).toHaveProperty('post');
        expect(doc.paths[`/records/${object.id}/{id}/history`]).toHaveProperty('get');
        expect(doc.paths[`/records/${object.id}/imports`]).toHaveProperty('post');
        expect(doc.paths[`/records/${object.id}/export.csv`]).toHaveProperty('get');
      }
      expect(doc.paths['/imports/{id}']).toHaveProperty('get');
      expect(doc.paths['/search']).toHaveProperty('get');
      expect(doc.paths['/auth/login']).toHaveProperty('post');
    }
    const sales = documents.find((d) => d.id === 'complex-sales')!.doc;
    expect(sales.paths['/records/account/{id}/related/contact']).toHaveProperty('get');
  });

  it('has the inbox, task actions and incidents, and the process path of each object a process runs on (a start only where one starts by hand)', () => {
    for (const { doc } of documents) {
      expect(doc.paths['/tasks']).toHaveProperty('get');
      for (const action of ['claim', 'unclaim', 'delegate', 'complete']) expect(doc.paths[`/tasks/{id}/${action}`]).toHaveProperty('post');
      expect(doc.paths['/incidents']).toHaveProperty('get');
      expect(doc.paths['/incidents/retry']).toHaveProperty('post');
      expect(doc.paths['/processes/{process}/migrate']).toHaveProperty('post');
    }
    const { doc, pkg } = documents.find((d) => d.id === 'complex-sales')!;
    type Start = { post: { requestBody: { content: { 'application/json': { schema: Schema } } } } };
    expect(Object.keys(doc.paths['/records/opportunity/{id}/process']!)).toEqual(['parameters', 'get']);
    const quote = doc.paths['/records/quote/{id}/process'] as unknown as Start;
    expect(quote.post.requestBody.content['application/json'].schema.properties!.process!.enum).toEqual(['quoteApproval']);
    const withProcesses = new Set((pkg.processes ?? []).map((p) => p.object));
    for (const object of pkg.objects) expect(`/records/${object.id}/{id}/process` in doc.paths, object.id).toBe(withProcesses.has(object.id));
  });

  it('types each field as the model does: currency a number, multi-choice an array of the options, reference a uuid', () => {
    const seen = new Set<string>();
    for (const { pkg, doc } of documents) {
      for (const object of pkg.objects) {
        const record = doc.components.schemas[object.id.charAt(0).toUpperCase() + object.id.slice(1)]!;
        for (const field of object.fields) {
          const schema = record.properties![field.id]!;
          seen.add(field.type);
          if (['currency', 'number', 'percent'].includes(field.type)) expect(typesOf(schema)).toContain('number');
          if (field.type === 'multiChoice') {
            expect(typesOf(schema)).toContain('array');
            expect(schema.items!.enum).toEqual(field.options.map((o) => o.value));
          }
          if (field.type === 'reference') expect([typesOf(schema), schema.format]).toEqual([expect.arrayContaining(['string']), 'uuid']);
          if (field.type === 'choice') expect(schema.enum).toEqual(expect.arrayContaining(field.options.map((o) => o.value)));
          expect(schema.description).toContain(field.label.en);
          if (field.label['zh-CN']) expect(schema.description).toContain(`(${field.label['zh-CN']})`);
          expect(record.required!.includes(field.id)).toBe(field.required === true);
        }
      }
    }
    for (const type of ['currency', 'multiChoice', 'reference', 'choice']) expect(seen).toContain(type);
  });

  it('leaves computed and system fields out of Create and Update, requires the required fields on create only', () => {
    const seen = new Set<string>();
    for (const { pkg, doc } of documents) {
      for (const object of pkg.objects) {
        const name = object.id.charAt(0).toUpperCase() + object.id.slice(1);
        const create = doc.components.schemas[`${name}Create`]!;
        const update = doc.components.schemas[`${name}Update`]!;
        for (const schema of [create, update]) {
          for (const system of ['id', 'owner', 'orgUnit', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'rowVersion', 'deletedAt', '_titles']) expect(schema.properties).not.toHaveProperty(system);
          for (const field of object.fields) {
            expect(field.id in schema.properties!, `${object.id}.${field.id}`).toBe(!computed.has(field.type));
            if (computed.has(field.type)) seen.add(field.type);
          }
        }
        const mustSend = object.fields.filter((f) => f.required && !computed.has(f.type) && f.defaultExpression === undefined && (f as { default?: unknown }).default === undefined);
        expect([...(create.required ?? [])].sort()).toEqual(mustSend.map((f) => f.id).sort());
        expect(update.required).toBeUndefined();
      }
    }
    for (const type of computed) expect(seen).toContain(type);
  });

  it('offers a related list per referencing object, asking for the reference field when there are several', () => {
    const object = (id: string, fields: Field[]): BusinessObject => ({ id, label: { en: id }, titleField: 'name', fields: [{ id: 'name', type: 'text', label: { en: 'Name' }, required: true } as Field, ...fields] });
    const ref = (id: string, target: string) => ({ id, type: 'reference', target, label: { en: id } }) as Field;
    const pkg = { id: 'refs', name: { en: 'Refs' }, objects: [object('account', []), object('deal', [ref('buyer', 'account'), ref('seller', 'account')]), object('note', [ref('about', 'account')])], roles: [], processes: [], views: [] } as ConfigPackage;
    const doc = openApiDocument(pkg, { versionId: 1 }) as unknown as Doc;
    type Op = { get: { parameters: { name?: string; required?: boolean; schema?: Schema }[] } };
    const deals = (doc.paths['/records/account/{id}/related/deal'] as unknown as Op).get.parameters.find((p) => p.name === 'field')!;
    expect(deals).toMatchObject({ required: true, schema: { enum: ['buyer', 'seller'] } });
    const notes = (doc.paths['/records/account/{id}/related/note'] as unknown as Op).get.parameters.find((p) => p.name === 'field')!;
    expect(notes).toMatchObject({ required: false, schema: { enum: ['about'] } });
    expect(doc.paths).not.toHaveProperty(['/records/deal/{id}/related/account']);
  });

  it('describes records as lists return them, with the titles of referenced records', () => {
    const pkg = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
    const contact = pkg.objects.find((o) => o.id === 'contact')!;
    const doc = openApiDocument(pkg, { versionId: 1 });
    const ajv = schemaAjv();
    ajv.addSchema(doc, 'https://mainline.invalid/doc.json');
    const validate = ajv.compile({ $ref: 'https://mainline.invalid/doc.json#/components/schemas/ContactList' });
    const sample = (field: Field): unknown => (field.type === 'reference' || field.type === 'user' ? crypto.randomUUID() : field.type === 'email' ? 'a@example.com' : field.type === 'choice' ? field.options[0]!.value : 'x');
    const record = { id: crypto.randomUUID(), rowVersion: 1, ...Object.fromEntries(contact.fields.filter((f) => f.required).map((f) => [f.id, sample(f)])), _titles: { account: 'Acme' } };
    expect(validate({ records: [record], nextCursor: null, total: { count: 1, exact: true } }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ records: [{ ...record, colour: 'red' }], nextCursor: null, total: null })).toBe(false);
  });

  it('gives every operation an id of its own', () => {
    for (const { doc } of documents) {
      const ids = operationIds(doc);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('describes the problem documents the server sends', () => {
    const { doc } = documents[0]!;
    const validate = schemaAjv().compile(doc.components.schemas.Problem!);
    const problem = problemDocument(409, 'records.conflict', 'Changed since read.', [{ pointer: '/amount', code: 'records.field.type', message: 'A number.' }]);
    expect(validate(JSON.parse(JSON.stringify(problem)))).toBe(true);
  });

  it('keeps schema names apart when object ids would clash with shared schemas or each other', () => {
    const object = (id: string): BusinessObject => ({ id, label: { en: id }, titleField: 'name', fields: [{ id: 'name', type: 'text', label: { en: 'Name' }, required: true } as Field] });
    const pkg = { id: 'clash', name: { en: 'Clash' }, objects: [object('problem'), object('account'), object('accountCreate')], roles: [], processes: [], views: [] } as ConfigPackage;
    const doc = openApiDocument(pkg, { versionId: 1 }) as unknown as Doc;
    expect(doc.components.schemas.Problem!.required).toContain('code');
    expect(doc.components.schemas).toHaveProperty('ProblemRecord');
    expect(doc.components.schemas).toHaveProperty('AccountCreateRecord');
    expect(doc.components.schemas.AccountCreate!.required).toEqual(['name']);
    expect(openApiProblems(doc as unknown as Record<string, unknown>)).toEqual([]);
    expect(new Set(operationIds(doc)).size).toBe(operationIds(doc).length);
  });
});
