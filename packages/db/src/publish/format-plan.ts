import type { CheckReport } from './check.ts';
import { ROW_COUNT_CAP } from './check.ts';
import type { ChangePlan, FieldChange, ItemChange, ObjectChange, PlannedAssignments } from './plan-types.ts';

export type PlanLocale = 'en' | 'zh-CN';

const words = {
  en: {
    publish: 'Publish plan',
    extend: 'Extend rollout',
    promote: 'Promote to the whole organisation',
    rollback: 'Roll back',
    base: (id: number) => `compared with version ${id}`,
    firstVersion: 'first version',
    unchanged: (id: number) => `Nothing to publish: the package is identical to version ${id}. To give it to more units, extend or promote version ${id}.`,
    to: 'Goes to',
    org: 'the whole organisation',
    units: (n: number) => `${n} pilot org unit(s)`,
    assignments: 'Who works in which version afterwards',
    whole: 'whole organisation',
    newVersion: 'the new version',
    version: (id: number) => `version ${id}`,
    leaving: (ids: number[]) => `No longer in force: ${ids.map((id) => `version ${id}`).join(', ')}`,
    objects: 'Objects and fields',
    added: 'added',
    readded: 'added again (its earlier data comes back)',
    renamed: (from: string) => `renamed from ${from} (no data moves)`,
    retired: 'retired (data kept, hidden; purge deletes it)',
    changed: 'changed',
    table: (t: string) => `table rec.${t}`,
    column: (c: string) => `column "${c}"`,
    typeChange: (from: string, to: string) => `type ${from} → ${to}`,
    alter: (from: string, to: string) => `column ${from} → ${to} (ALTER COLUMN TYPE)`,
    props: 'changed',
    indexes: 'Indexes',
    createIndex: 'create',
    dropIndex: 'drop',
    sections: { roles: 'Roles', views: 'Views', processes: 'Processes (running instances finish on their version)', queues: 'Queues', navigation: 'Menus' },
    item: { added: 'added', changed: 'changed', removed: 'removed' },
    packageProps: 'Package properties changed',
    pilot: 'Pilot',
    pilotYes: 'can run beside the versions in force (a pilot is possible)',
    pilotNo: 'changes a column type or reference: must go to the whole organisation at once',
    blockers: 'Cannot be applied',
    warnings: 'Warnings',
    checks: 'Checks against the data',
    checksOk: 'all passed',
    refused: 'refused',
    notChecked: 'not run yet',
    tasks: 'After the commit',
    recompute: (o: string, f: string[]) => `recompute stored values of ${o}: ${f.join(', ')}`,
    bigTable: (n: string) => `${n} rows: built CONCURRENTLY after the commit`,
    sql: (n: number) => `SQL (${n} statement(s), in one transaction)`,
    none: 'none',
  },
  'zh-CN': {
    publish: '发布计划',
    extend: '扩大发布范围',
    promote: '推广到整个组织',
    rollback: '回滚',
    base: (id: number) => `与版本 ${id} 比较`,
    firstVersion: '首个版本',
    unchanged: (id: number) => `无需发布：配置与版本 ${id} 完全相同。如需让更多单元使用，请扩大或推广版本 ${id}。`,
    to: '发布到',
    org: '整个组织',
    units: (n: number) => `${n} 个试点组织单元`,
    assignments: '发布后各单元使用的版本',
    whole: '整个组织',
    newVersion: '新版本',
    version: (id: number) => `版本 ${id}`,
    leaving: (ids: number[]) => `不再生效：${ids.map((id) => `版本 ${id}`).join('、')}`,
    objects: '对象与字段',
    added: '新增',
    readded: '重新加入（原有数据恢复）',
    renamed: (from: string) => `由 ${from} 改名（数据不移动）`,
    retired: '停用（数据保留并隐藏；清除后才会删除）',
    changed: '修改',
    table: (t: string) => `表 rec.${t}`,
    column: (c: string) => `列 "${c}"`,
    typeChange: (from: string, to: string) => `类型 ${from} → ${to}`,
    alter: (from: string, to: string) => `列类型 ${from} → ${to}（ALTER COLUMN TYPE）`,
    props: '修改了',
    indexes: '索引',
    createIndex: '创建',
    dropIndex: '删除',
    sections: { roles: '角色', views: '视图', processes: '流程（运行中的实例按原版本完成）', queues: '队列', navigation: '菜单' },
    item: { added: '新增', changed: '修改', removed: '移除' },
    packageProps: '配置包属性有变化',
    pilot: '试点',
    pilotYes: '可与正在生效的版本并存（可以试点）',
    pilotNo: '改变了列类型或引用：必须一次性发布到整个组织',
    blockers: '无法执行',
    warnings: '警告',
    checks: '数据检查',
    checksOk: '全部通过',
    refused: '被拒绝',
    notChecked: '尚未执行',
    tasks: '提交之后',
    recompute: (o: string, f: string[]) => `重新计算 ${o} 的存储值：${f.join('、')}`,
    bigTable: (n: string) => `${n} 行：提交后以 CONCURRENTLY 方式创建`,
    sql: (n: number) => `SQL（${n} 条语句，在同一事务中执行）`,
    none: '无',
  },
} as const;

type Words = (typeof words)[PlanLocale];

const mark: Record<string, string> = { added: '+', readded: '+', renamed: '»', retired: '−', changed: '~', removed: '−' };

function changeText(w: Words, change: ObjectChange | FieldChange): string {
  if (change.change === 'renamed') return w.renamed(change.from ?? '');
  return w[change.change];
}

function fieldLine(w: Words, f: FieldChange): string {
  const details = [
    changeText(w, f),
    f.change === 'added' ? w.column(f.column) : '',
    f.previousType ? w.typeChange(f.previousType, f.type) : '',
    f.columnType ? w.alter(f.columnType.from, f.columnType.to) : '',
    f.properties.filter((p) => p !== 'type').length > 0 ? `${w.props} ${f.properties.filter((p) => p !== 'type').join(', ')}` : '',
  ].filter(Boolean);
  return `      ${mark[f.change]} ${f.fieldId} (${f.type}): ${details.join('; ')}`;
}

function assignmentLines(w: Words, after: PlannedAssignments): string[] {
  return Object.entries(after)
    .sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : 1))
    .map(([unit, ref]) => `  ${unit === '*' ? w.whole : unit}: ${ref === 'new' ? w.newVersion : w.version(ref)}`);
}

const count = (n: number) => (n >= ROW_COUNT_CAP ? `${(ROW_COUNT_CAP - 1).toLocaleString('en')}+` : n.toLocaleString('en'));

/** A plan as readable text for the command line, in English or Simplified Chinese. */
export function formatPlan(plan: ChangePlan, locale: PlanLocale = 'en', check?: CheckReport | null): string {
  const w = words[locale];
  const out: string[] = [];
  if (plan.kind === 'publish') {
    out.push(`${w.publish} — ${plan.base ? w.base(plan.base.id) : w.firstVersion} (sha256 ${plan.hash.slice(0, 12)})`);
    if (plan.unchanged) return [...out, w.unchanged(plan.base!.id)].join('\n');
    out.push(`${w.to}: ${plan.target.kind === 'organisation' ? w.org : w.units(plan.target.units.length)}`);
  } else {
    out.push(`${w[plan.kind]} — ${w.version(plan.versionId)}`);
  }
  out.push('', `${w.assignments}:`, ...assignmentLines(w, plan.assignments.after));
  if (plan.leaving.length > 0) out.push(`  ${w.leaving(plan.leaving)}`);

  if (plan.kind === 'publish') {
    const c = plan.changes;
    if (c.objects.length > 0) {
      out.push('', `${w.objects}:`);
      for (const o of c.objects) {
        const props = o.properties.length > 0 ? `; ${w.props} ${o.properties.join(', ')}` : '';
        out.push(`  ${mark[o.change]} ${o.objectId} (${w.table(o.table)}): ${changeText(w, o)}${props}`);
        if (o.change !== 'retired' || o.fields.length <= 5) for (const f of o.change === 'added' ? [] : o.fields) out.push(fieldLine(w, f));
      }
    }
    for (const section of ['roles', 'views', 'processes', 'queues', 'navigation'] as const) {
      const items: ItemChange[] = c[section];
      if (items.length > 0) out.push('', `${w.sections[section]}:`, ...items.map((i) => `  ${mark[i.change]} ${i.id} (${w.item[i.change]})`));
    }
    if (c.package.length > 0) out.push('', `${w.packageProps}: ${c.package.join(', ')}`);
    out.push('', `${w.pilot}: ${plan.pilotAllowed ? w.pilotYes : w.pilotNo}`);
  }

  const indexSteps = plan.steps.filter((s) => s.kind === 'createIndex' || s.kind === 'dropIndex');
  if (indexSteps.length > 0) {
    out.push('', `${w.indexes}:`);
    for (const s of indexSteps) {
      if (s.kind === 'dropIndex') out.push(`  − ${w.dropIndex} ${s.name}`);
      else {
        const rows = check?.rowCounts[s.table] ?? 0;
        const big = rows >= ROW_COUNT_CAP - 1 ? ` — ${w.bigTable(count(rows))}` : '';
        out.push(`  + ${w.createIndex} ${s.index.name} ON ${s.table} (${s.index.columns.map((c) => c.column + (c.desc ? ' DESC' : '')).join(', ')})${s.index.unique ? ' UNIQUE' : ''} [${s.index.reasons.join('; ')}]${big}`);
      }
    }
  }
  if (plan.blockers.length > 0) out.push('', `${w.blockers}:`, ...plan.blockers.map((b) => `  ✗ ${b.message[locale]}`));
  if (plan.warnings.length > 0) out.push('', `${w.warnings}:`, ...plan.warnings.map((b) => `  ! ${b.message[locale]}`));
  if (plan.checks.length > 0) {
    const status = check === undefined || check === null ? w.notChecked : check.ok ? w.checksOk : w.refused;
    out.push('', `${w.checks} (${plan.checks.length}): ${status}`);
    for (const p of check?.problems ?? []) out.push(`  ✗ ${p.message[locale]}`);
  }
  if (plan.tasks.length > 0) out.push('', `${w.tasks}:`, ...plan.tasks.map((t) => `  • ${w.recompute(t.objectId, t.fields.map((f) => f.fieldId))}`));
  out.push('', `${w.sql(plan.steps.length)}:`);
  if (plan.steps.length === 0) out.push(`  ${w.none}`);
  for (const s of plan.steps) out.push(`  ${s.sql};${s.kind === 'backfill' ? `  -- $1 = ${JSON.stringify(s.params[0])}` : ''}`);
  return out.join('\n');
}
