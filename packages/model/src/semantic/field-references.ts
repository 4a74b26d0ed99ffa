import type { Field, RollupField } from '../generated/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { fieldPath, isDateField, isNumericField, objectPath, type ObjectInfo, type SemanticContext } from './context.ts';

const titleTypes: ReadonlySet<string> = new Set(['text', 'autoNumber', 'email', 'phone']);

/** Reference targets, rollups and title fields. */
export function checkFieldReferences(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const info of ctx.objects.values()) {
    const { object } = info;
    (object.fields ?? []).forEach((field, f) => {
      if (field.type === 'reference' && !ctx.objects.has(field.target)) {
        out.push(
          diagnostic(
            'config.reference.unknown-object',
            fieldPath(info, f, 'target'),
            `Object "${field.target}" does not exist (target of reference field "${field.id}" in object "${object.id}").`,
            `对象 "${field.target}" 不存在（对象 "${object.id}" 的引用字段 "${field.id}" 的目标）。`,
          ),
        );
      }
      if (field.type === 'rollup') checkRollup(ctx, info, field, f, out);
    });
    checkTitleField(info, out);
  }
  return out;
}

function checkTitleField(info: ObjectInfo, out: Diagnostic[]): void {
  const { object } = info;
  const title = info.fields.get(object.titleField)?.value;
  if (!title) {
    out.push(
      diagnostic(
        'config.reference.unknown-field',
        objectPath(info, 'titleField'),
        `Field "${object.titleField}" does not exist in object "${object.id}" (its title field).`,
        `对象 "${object.id}" 中不存在字段 "${object.titleField}"（标题字段）。`,
      ),
    );
    return;
  }
  if (titleTypes.has(title.type) || (title.type === 'formula' && title.resultType === 'text')) return;
  out.push(
    diagnostic(
      'config.object.title-field-type',
      objectPath(info, 'titleField'),
      `The title field "${title.id}" of object "${object.id}" is a ${title.type} field; it must be a text, auto-number, e-mail, phone or text formula field.`,
      `对象 "${object.id}" 的标题字段 "${title.id}" 类型为 ${title.type}；标题字段必须是文本、自动编号、邮箱、电话或结果为文本的公式字段。`,
    ),
  );
}

function checkRollup(ctx: SemanticContext, info: ObjectInfo, field: RollupField, f: number, out: Diagnostic[]): void {
  const { object } = info;
  const where = `rollup field "${field.id}" in object "${object.id}"`;
  const whereZh = `对象 "${object.id}" 的汇总字段 "${field.id}"`;
  const child = ctx.objects.get(field.from);
  if (!child) {
    out.push(diagnostic('config.reference.unknown-object', fieldPath(info, f, 'from'), `Object "${field.from}" does not exist (the "from" of ${where}).`, `对象 "${field.from}" 不存在（${whereZh}的 from）。`));
    return;
  }
  const via = child.fields.get(field.via)?.value;
  if (!via) {
    out.push(diagnostic('config.reference.unknown-field', fieldPath(info, f, 'via'), `Field "${field.via}" does not exist in object "${field.from}" (the "via" of ${where}).`, `对象 "${field.from}" 中不存在字段 "${field.via}"（${whereZh}的 via）。`));
  } else if (via.type !== 'reference' || via.target !== object.id) {
    out.push(
      diagnostic(
        'config.rollup.via-invalid',
        fieldPath(info, f, 'via'),
        `Field "${field.via}" of object "${field.from}" must be a reference field that points to "${object.id}" (the "via" of ${where}).`,
        `对象 "${field.from}" 的字段 "${field.via}" 必须是指向 "${object.id}" 的引用字段（${whereZh}的 via）。`,
      ),
    );
  }
  if (field.function === 'count') return;
  if (field.field === undefined) {
    out.push(
      diagnostic('config.rollup.field-required', fieldPath(info, f, 'field'), `A "${field.function}" rollup needs "field": the field of "${field.from}" to summarise (${where}).`, `"${field.function}" 汇总必须指定 field：要汇总的 "${field.from}" 字段（${whereZh}）。`),
    );
    return;
  }
  const summed = child.fields.get(field.field)?.value;
  if (!summed) {
    out.push(diagnostic('config.reference.unknown-field', fieldPath(info, f, 'field'), `Field "${field.field}" does not exist in object "${field.from}" (summarised by ${where}).`, `对象 "${field.from}" 中不存在字段 "${field.field}"（由${whereZh}汇总）。`));
    return;
  }
  if (rollupAccepts(field.function, summed)) return;
  const need = field.function === 'sum' ? 'a number, currency or percent field' : 'a numeric or date field';
  const needZh = field.function === 'sum' ? '数字、金额或百分比字段' : '数值或日期字段';
  out.push(
    diagnostic(
      'config.rollup.field-type',
      fieldPath(info, f, 'field'),
      `Field "${summed.id}" of object "${field.from}" is a ${summed.type} field; "${field.function}" needs ${need} (${where}).`,
      `对象 "${field.from}" 的字段 "${summed.id}" 类型为 ${summed.type}；"${field.function}" 需要${needZh}（${whereZh}）。`,
    ),
  );
}

function rollupAccepts(fn: RollupField['function'], summed: Field): boolean {
  if (fn === 'sum') return isNumericField(summed);
  return isNumericField(summed) || isDateField(summed);
}
