import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';

/** What kind of thing an id names, in both languages, and where the duplicates live. */
interface Kind {
  en: string;
  zh: string;
  /** " in process "x"" — empty for package-level kinds. */
  whereEn?: string;
  whereZh?: string;
}

/**
 * Reports every element whose id (or option value) another element of the same list also has: each
 * occurrence, naming the others, so that the studio marks whichever one the analyst just edited.
 * `path(i)` is the pointer to element i's id.
 */
function duplicates<T>(items: readonly T[] | undefined, idOf: (item: T) => string, path: (index: number) => string, kindOf: Kind | (() => Kind), out: Diagnostic[]): void {
  if (!items || items.length < 2) return;
  const first = new Map<string, number>();
  let repeated: Map<string, number[]> | undefined;
  items.forEach((item, index) => {
    const id = idOf(item);
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, index);
      return;
    }
    repeated ??= new Map();
    const group = repeated.get(id);
    if (group) group.push(index);
    else repeated.set(id, [earlier, index]);
  });
  if (!repeated) return;
  const kind = typeof kindOf === 'function' ? kindOf() : kindOf;
  for (const [id, indexes] of repeated) {
    for (const index of indexes) {
      const others = indexes.filter((i) => i !== index).map(path);
      const also = others.length > 3 ? `${others.slice(0, 3).join(', ')}, …` : others.join(', ');
      out.push(
        diagnostic(
          'config.id.duplicate',
          path(index),
          `${kind.en} "${id}" is defined more than once${kind.whereEn ?? ''} (also at ${also}).`,
          `${kind.whereZh ?? ''}${kind.zh} "${id}" 重复定义（另见 ${also}）。`,
        ),
      );
    }
  }
}

const byId = (item: { id: string }): string => item.id;

/** Ids that must be unique: package-level lists and the lists nested in objects, processes and views. */
export function checkUniqueIds(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { pkg } = ctx;
  duplicates(pkg.objects, byId, (i) => pointer('objects', i, 'id'), { en: 'Object id', zh: '对象 id' }, out);
  duplicates(pkg.roles, byId, (i) => pointer('roles', i, 'id'), { en: 'Role id', zh: '角色 id' }, out);
  duplicates(pkg.processes, byId, (i) => pointer('processes', i, 'id'), { en: 'Process id', zh: '流程 id' }, out);
  duplicates(pkg.views, byId, (i) => pointer('views', i, 'id'), { en: 'View id', zh: '视图 id' }, out);
  duplicates(pkg.queues, byId, (i) => pointer('queues', i, 'id'), { en: 'Queue id', zh: '队列 id' }, out);
  duplicates(pkg.navigation, byId, (i) => pointer('navigation', i, 'id'), { en: 'Menu id', zh: '菜单 id' }, out);

  (pkg.objects ?? []).forEach((object, o) => {
    const inObject = { whereEn: ` in object "${object.id}"`, whereZh: `对象 "${object.id}" 中` };
    duplicates(object.fields, byId, (i) => pointer('objects', o, 'fields', i, 'id'), { en: 'Field id', zh: '字段 id', ...inObject }, out);
    duplicates(object.validations, byId, (i) => pointer('objects', o, 'validations', i, 'id'), { en: 'Validation rule id', zh: '校验规则 id', ...inObject }, out);
    (object.fields ?? []).forEach((field, f) => {
      const inField = (): Omit<Kind, 'en' | 'zh'> => ({ whereEn: ` in field "${field.id}" of object "${object.id}"`, whereZh: `对象 "${object.id}" 字段 "${field.id}" 中` });
      duplicates(field.validations, byId, (i) => pointer('objects', o, 'fields', f, 'validations', i, 'id'), () => ({ en: 'Validation rule id', zh: '校验规则 id', ...inField() }), out);
      if (field.type === 'choice' || field.type === 'multiChoice') {
        duplicates(field.options, (option) => option.value, (i) => pointer('objects', o, 'fields', f, 'options', i, 'value'), () => ({ en: 'Option value', zh: '选项值', ...inField() }), out);
      }
    });
  });

  (pkg.processes ?? []).forEach((process, p) => {
    const inProcess = { whereEn: ` in process "${process.id}"`, whereZh: `流程 "${process.id}" 中` };
    duplicates(process.nodes, byId, (i) => pointer('processes', p, 'nodes', i, 'id'), { en: 'Node id', zh: '节点 id', ...inProcess }, out);
    duplicates(process.edges, byId, (i) => pointer('processes', p, 'edges', i, 'id'), { en: 'Edge id', zh: '连线 id', ...inProcess }, out);
    duplicates(process.stages, byId, (i) => pointer('processes', p, 'stages', i, 'id'), { en: 'Stage id', zh: '阶段 id', ...inProcess }, out);
    (process.nodes ?? []).forEach((node, n) => {
      if (node.type !== 'userTask') return;
      const inTask = { whereEn: ` in task "${node.id}" of process "${process.id}"`, whereZh: `流程 "${process.id}" 任务 "${node.id}" 中` };
      duplicates(node.outcomes, byId, (i) => pointer('processes', p, 'nodes', n, 'outcomes', i, 'id'), { en: 'Outcome id', zh: '结果 id', ...inTask }, out);
      duplicates(node.sla?.escalations, byId, (i) => pointer('processes', p, 'nodes', n, 'sla', 'escalations', i, 'id'), { en: 'Escalation id', zh: '升级规则 id', ...inTask }, out);
    });
  });

  (pkg.views ?? []).forEach((view, v) => {
    if (view.kind !== 'form') return;
    duplicates(view.sections, byId, (i) => pointer('views', v, 'sections', i, 'id'), { en: 'Section id', zh: '分区 id', whereEn: ` in form "${view.id}"`, whereZh: `表单 "${view.id}" 中` }, out);
  });
  return out;
}
