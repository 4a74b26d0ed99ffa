/** Tiny builders for the semantic checks' tests. Every builder returns a fresh, schema-valid value. */
import type {
  BusinessObject,
  ConfigPackage,
  Edge,
  Field,
  LocalizedText,
  Node,
  Process,
  Role,
  View,
} from '../generated/config.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { validateSchema } from '../schema/validate-schema.ts';
import { buildContext, type SemanticContext } from './context.ts';

export function text(en: string, zh: string | null = en): LocalizedText {
  return zh === null ? { en } : { en, 'zh-CN': zh };
}

/** A field of any type; `extra` supplies the type's own properties. */
export function field(id: string, type: Field['type'] = 'text', extra: Record<string, unknown> = {}): Field {
  return { id, type, label: text(id), ...extra } as Field;
}

export function choice(id: string, values: string[], extra: Record<string, unknown> = {}): Field {
  return field(id, 'choice', { options: values.map((value) => ({ value, label: text(value) })), ...extra });
}

export function object(id: string, fields: Field[], extra: Partial<BusinessObject> = {}): BusinessObject {
  return { id, label: text(id), titleField: fields[0]?.id ?? 'name', fields, ...extra };
}

export function role(id: string, extra: Partial<Role> = {}): Role {
  return { id, label: text(id), grants: [], ...extra };
}

export const node = {
  start: (id = 'start'): Node => ({ id, type: 'start', position: { x: 0, y: 0 } }),
  end: (id = 'end', extra: Record<string, unknown> = {}): Node => ({ id, type: 'end', position: { x: 0, y: 0 }, ...extra }) as Node,
  task: (id: string, extra: Record<string, unknown> = {}): Node =>
    ({ id, type: 'userTask', position: { x: 0, y: 0 }, assignee: { type: 'role', role: 'rep' }, outcomes: [{ id: 'done', label: text('Done') }], ...extra }) as Node,
  action: (id: string, extra: Record<string, unknown> = {}): Node =>
    ({ id, type: 'action', position: { x: 0, y: 0 }, steps: [{ type: 'notify', recipients: { owner: true }, message: text('Hi') }], ...extra }) as Node,
  xgw: (id: string, extra: Record<string, unknown> = {}): Node => ({ id, type: 'exclusiveGateway', position: { x: 0, y: 0 }, ...extra }) as Node,
  pgw: (id: string): Node => ({ id, type: 'parallelGateway', position: { x: 0, y: 0 } }),
  timer: (id: string, extra: Record<string, unknown> = { duration: 'P1D' }): Node => ({ id, type: 'timer', position: { x: 0, y: 0 }, ...extra }) as Node,
};

export function edge(from: string, to: string, extra: Partial<Edge> = {}): Edge {
  return { id: `${from}_${to}`, from, to, ...extra };
}

export function process(id: string, nodes: Node[], edges: Edge[], extra: Partial<Process> = {}): Process {
  return { id, label: text(id), object: 'opportunity', triggers: [{ type: 'manual' }], nodes, edges, ...extra };
}

/** start → task "review" → end, on opportunity. */
export function simpleProcess(id = 'review', extra: Partial<Process> = {}): Process {
  return process(id, [node.start(), node.task('review'), node.end()], [edge('start', 'review'), edge('review', 'end')], extra);
}

export function form(id: string, objectId: string, fields: string[], extra: Record<string, unknown> = {}): View {
  return { id, kind: 'form', object: objectId, label: text(id), sections: [{ id: 'main', label: text('Main'), fields: fields.map((f) => ({ field: f })) }], ...extra } as View;
}

export function list(id: string, objectId: string, columns: string[], extra: Record<string, unknown> = {}): View {
  return { id, kind: 'list', object: objectId, label: text(id), columns: columns.map((f) => ({ field: f })), ...extra } as View;
}

/**
 * account (name, tier) ← opportunity (name, amount, stage, account, closeDate, manager);
 * roles rep and manager (inherits rep); the process "review"; a form and a list of opportunities.
 */
export function basePackage(): ConfigPackage {
  return {
    id: 'test',
    name: text('Test'),
    objects: [
      object('account', [field('name'), choice('tier', ['gold', 'silver']), field('opportunityCount', 'rollup', { from: 'opportunity', via: 'account', function: 'count' })]),
      object('opportunity', [
        field('name'),
        field('amount', 'currency', { min: 0 }),
        choice('stage', ['new', 'won', 'lost'], { default: 'new' }),
        field('account', 'reference', { target: 'account' }),
        field('closeDate', 'date'),
        field('manager', 'user'),
        field('discount', 'percent'),
      ]),
    ],
    roles: [role('rep', { grants: [{ object: 'opportunity', actions: { read: { scope: 'own' } } }] }), role('manager', { inherits: ['rep'] })],
    processes: [simpleProcess()],
    views: [form('opportunityForm', 'opportunity', ['name', 'amount', 'stage']), list('opportunities', 'opportunity', ['name', 'amount', 'owner'])],
    queues: [{ id: 'triage', label: text('Triage'), object: 'opportunity', members: { roles: ['rep'] } }],
    navigation: [{ id: 'repMenu', roles: ['rep'], items: [{ type: 'view', view: 'opportunities' }, { type: 'inbox' }] }],
  };
}

/** Applies `change` to a fresh base package and returns it. */
export function withBase(change: (pkg: ConfigPackage) => void): ConfigPackage {
  const pkg = basePackage();
  change(pkg);
  return pkg;
}

/** The objects at `pkg.objects[i]`, typed for tests (throws when absent). */
export function at<T>(items: readonly T[] | undefined, index: number): T {
  const item = items?.[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

/** `code path` lines, for compact expectations. */
export function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.path}`);
}

/**
 * Runs one check family on a package, after making sure the package is schema-valid (the semantic
 * checks only ever see schema-valid packages, so a fixture that is not would test nothing real).
 */
export function run(check: (ctx: SemanticContext) => Diagnostic[], pkg: ConfigPackage): Diagnostic[] {
  const schemaProblems = validateSchema(pkg);
  if (schemaProblems.length > 0) throw new Error(`fixture is not schema-valid: ${JSON.stringify(schemaProblems, null, 1)}`);
  return check(buildContext(pkg));
}
