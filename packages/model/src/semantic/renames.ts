import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';

interface Renamable {
  id: string;
  renamedFrom?: string;
}

/**
 * `renamedFrom` must name an id that is gone: not the id of another current element of the same
 * kind, and not claimed by two elements at once.
 */
function checkList(items: readonly Renamable[] | undefined, path: (index: number) => string, kindEn: string, kindZh: string, whereEn: string, whereZh: string, out: Diagnostic[]): void {
  if (!items) return;
  const current = new Set(items.map((item) => item.id));
  const claimed = new Map<string, string>();
  items.forEach((item, index) => {
    const from = item.renamedFrom;
    if (from === undefined || from === item.id) return;
    if (current.has(from)) {
      out.push(
        diagnostic(
          'config.id.rename-conflict',
          path(index),
          `${kindEn} "${item.id}" is renamed from "${from}", but another ${kindEn.toLowerCase()} still has the id "${from}"${whereEn}.`,
          `${whereZh}${kindZh} "${item.id}" 声明由 "${from}" 改名而来，但另一个${kindZh}仍在使用 id "${from}"。`,
        ),
      );
      return;
    }
    const other = claimed.get(from);
    if (other !== undefined) {
      out.push(
        diagnostic(
          'config.id.rename-conflict',
          path(index),
          `${kindEn} "${item.id}" and "${other}" are both renamed from "${from}"${whereEn}.`,
          `${whereZh}${kindZh} "${item.id}" 与 "${other}" 都声明由 "${from}" 改名而来。`,
        ),
      );
      return;
    }
    claimed.set(from, item.id);
  });
}

export function checkRenames(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const objects = ctx.pkg.objects ?? [];
  checkList(objects, (i) => pointer('objects', i, 'renamedFrom'), 'Object', '对象', '', '', out);
  objects.forEach((object, o) => {
    checkList(object.fields, (i) => pointer('objects', o, 'fields', i, 'renamedFrom'), 'Field', '字段', ` in object "${object.id}"`, `对象 "${object.id}" 中`, out);
  });
  return out;
}
