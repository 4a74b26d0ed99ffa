import type { KanbanView, View } from '../generated/config.ts';
import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { fieldCelType, type ObjectInfo, type SemanticContext } from './context.ts';
import { isNumericCelType } from '../expressions/field-cel-types.ts';
import { systemFieldSet } from './names.ts';
import { unknownRole } from './role-references.ts';

/**
 * Views: their object, every field they show, sort or group by, related lists, and which view is
 * the default per role and object.
 */
export function checkViewReferences(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.views ?? []).forEach((view, v) => {
    (view.defaultForRoles ?? []).forEach((roleId, k) => {
      if (!ctx.roles.has(roleId)) out.push(unknownRole(roleId, pointer('views', v, 'defaultForRoles', k), `default role of view "${view.id}"`, `视图 "${view.id}" 的默认角色`));
    });
    const info = ctx.objects.get(view.object);
    if (!info) {
      out.push(
        diagnostic('config.reference.unknown-object', pointer('views', v, 'object'), `Object "${view.object}" does not exist (object of view "${view.id}").`, `对象 "${view.object}" 不存在（视图 "${view.id}" 的对象）。`),
      );
      return;
    }
    const fieldRef = new FieldRefs(info, view, out);
    if (view.kind === 'form') {
      const placed = new Set<string>();
      view.sections.forEach((section, s) => {
        section.fields.forEach((formField, k) => {
          const path = pointer('views', v, 'sections', s, 'fields', k, 'field');
          if (!fieldRef.check(formField.field, path, false, 'on form', '表单字段')) return;
          if (placed.has(formField.field)) fieldRef.duplicate(formField.field, path);
          placed.add(formField.field);
        });
      });
      (view.showRelated ?? []).forEach((entry, k) => checkRelated(ctx, view, entry, pointer('views', v, 'showRelated', k), out));
    } else if (view.kind === 'list') {
      const shown = new Set<string>();
      view.columns.forEach((column, k) => {
        const path = pointer('views', v, 'columns', k, 'field');
        if (!fieldRef.check(column.field, path, true, 'column', '列')) return;
        if (shown.has(column.field)) fieldRef.duplicate(column.field, path);
        shown.add(column.field);
      });
    } else {
      checkKanban(ctx, info, view, v, fieldRef, out);
    }
    (view.kind === 'form' ? [] : (view.sort ?? [])).forEach((key, k) => fieldRef.check(key.field, pointer('views', v, 'sort', k, 'field'), true, 'sort key', '排序字段'));
  });
  checkDefaults(ctx, out);
  return out;
}

/** Checks that view fields exist on the view's object. */
class FieldRefs {
  constructor(
    private readonly info: ObjectInfo,
    private readonly view: View,
    private readonly out: Diagnostic[],
  ) {}

  /** True when `fieldId` is a field of the object (or, when `allowSystem`, a system field). */
  check(fieldId: string, path: string, allowSystem: boolean, roleEn: string, roleZh: string): boolean {
    if (this.info.fields.has(fieldId) || (allowSystem && systemFieldSet.has(fieldId))) return true;
    const { view } = this;
    this.out.push(
      diagnostic(
        'config.reference.unknown-field',
        path,
        `Field "${fieldId}" does not exist in object "${view.object}" (${roleEn} of view "${view.id}").`,
        `对象 "${view.object}" 中不存在字段 "${fieldId}"（视图 "${view.id}" 的${roleZh}）。`,
      ),
    );
    return false;
  }

  duplicate(fieldId: string, path: string): void {
    this.out.push(diagnostic('config.view.duplicate-field', path, `Field "${fieldId}" appears more than once in view "${this.view.id}".`, `字段 "${fieldId}" 在视图 "${this.view.id}" 中出现多次。`));
  }
}

function checkKanban(ctx: SemanticContext, info: ObjectInfo, view: KanbanView, v: number, fieldRef: FieldRefs, out: Diagnostic[]): void {
  const groupPath = pointer('views', v, 'groupBy');
  if (fieldRef.check(view.groupBy, groupPath, false, 'group-by field', '分组字段')) {
    const group = info.fields.get(view.groupBy)!.value;
    if (group.type !== 'choice') {
      out.push(
        diagnostic(
          'config.view.group-by-type',
          groupPath,
          `Kanban "${view.id}" groups by "${group.id}", a ${group.type} field; it must be a choice field.`,
          `看板 "${view.id}" 的分组字段 "${group.id}" 类型为 ${group.type}，必须是单选字段。`,
        ),
      );
    }
  }
  view.cardFields.forEach((fieldId, k) => fieldRef.check(fieldId, pointer('views', v, 'cardFields', k), true, 'card field', '卡片字段'));
  if (view.sumField !== undefined) {
    const sumPath = pointer('views', v, 'sumField');
    if (fieldRef.check(view.sumField, sumPath, false, 'sum field', '汇总字段')) {
      const sum = info.fields.get(view.sumField)!.value;
      if (!isNumericCelType(fieldCelType(ctx, sum))) {
        out.push(
          diagnostic('config.view.sum-field-type', sumPath, `Kanban "${view.id}" sums "${sum.id}", a ${sum.type} field; it must be numeric.`, `看板 "${view.id}" 的汇总字段 "${sum.id}" 类型为 ${sum.type}，必须是数值字段。`),
        );
      }
    }
  }
}

function checkRelated(ctx: SemanticContext, view: View, entry: string, path: string, out: Diagnostic[]): void {
  const dot = entry.indexOf('.');
  const objectId = entry.slice(0, dot);
  const fieldId = entry.slice(dot + 1);
  const child = ctx.objects.get(objectId);
  if (!child) {
    out.push(diagnostic('config.reference.unknown-object', path, `Object "${objectId}" does not exist (related list "${entry}" of form "${view.id}").`, `对象 "${objectId}" 不存在（表单 "${view.id}" 的相关列表 "${entry}"）。`));
    return;
  }
  const field = child.fields.get(fieldId)?.value;
  if (!field) {
    out.push(
      diagnostic('config.reference.unknown-field', path, `Field "${fieldId}" does not exist in object "${objectId}" (related list "${entry}" of form "${view.id}").`, `对象 "${objectId}" 中不存在字段 "${fieldId}"（表单 "${view.id}" 的相关列表 "${entry}"）。`),
    );
    return;
  }
  if (field.type !== 'reference' || field.target !== view.object) {
    out.push(
      diagnostic(
        'config.view.related-not-reference',
        path,
        `Related list "${entry}" of form "${view.id}": field "${fieldId}" of "${objectId}" must be a reference field that points to "${view.object}".`,
        `表单 "${view.id}" 的相关列表 "${entry}"：对象 "${objectId}" 的字段 "${fieldId}" 必须是指向 "${view.object}" 的引用字段。`,
      ),
    );
  }
}

/** At most one default form and one default list-or-kanban per role and object. */
function checkDefaults(ctx: SemanticContext, out: Diagnostic[]): void {
  const taken = new Map<string, string>();
  (ctx.pkg.views ?? []).forEach((view, v) => {
    const slot = view.kind === 'form' ? 'form' : 'collection';
    (view.defaultForRoles ?? []).forEach((roleId, k) => {
      const key = `${roleId}\u0000${view.object}\u0000${slot}`;
      const other = taken.get(key);
      if (other === undefined) {
        taken.set(key, view.id);
        return;
      }
      const what = slot === 'form' ? 'form' : 'list or kanban';
      const whatZh = slot === 'form' ? '表单' : '列表或看板';
      out.push(
        diagnostic(
          'config.view.duplicate-default',
          pointer('views', v, 'defaultForRoles', k),
          `Views "${other}" and "${view.id}" are both the default ${what} of object "${view.object}" for role "${roleId}".`,
          `视图 "${other}" 与 "${view.id}" 都是角色 "${roleId}" 在对象 "${view.object}" 上的默认${whatZh}。`,
        ),
      );
    });
  });
}
