import type { ActionStep, Assignee, Process, Recipients, UserTaskNode } from '../generated/config.ts';
import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readOnlyFieldTypes, type ObjectInfo, type SemanticContext } from './context.ts';
import { userSystemFields, writableSystemFields } from './names.ts';
import { unknownRole } from './role-references.ts';

type Path = (string | number)[];

/**
 * What processes name: their object, stages, roles, queues, forms, and the fields that tasks open
 * or lock and that actions write.
 */
export function checkProcessReferences(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.processes ?? []).forEach((process, p) => new ProcessReferences(ctx, process, p, out).check());
  return out;
}

class ProcessReferences {
  private readonly info: ObjectInfo | undefined;
  private readonly stages: Set<string>;

  constructor(
    private readonly ctx: SemanticContext,
    private readonly process: Process,
    private readonly p: number,
    private readonly out: Diagnostic[],
  ) {
    this.info = ctx.objects.get(process.object);
    this.stages = new Set((process.stages ?? []).map((s) => s.id));
  }

  private path(...tokens: Path): string {
    return pointer('processes', this.p, ...tokens);
  }

  check(): void {
    const { process } = this;
    if (!this.info) {
      this.out.push(
        diagnostic('config.reference.unknown-object', this.path('object'), `Object "${process.object}" does not exist (object of process "${process.id}").`, `对象 "${process.object}" 不存在（流程 "${process.id}" 的对象）。`),
      );
    }
    (process.triggers ?? []).forEach((trigger, t) => {
      if (trigger.type !== 'manual') return;
      (trigger.roles ?? []).forEach((roleId, k) => this.role(roleId, ['triggers', t, 'roles', k], `manual start of process "${process.id}"`, `流程 "${process.id}" 的手动启动`));
    });
    (process.nodes ?? []).forEach((node, n) => {
      if (node.stage !== undefined && !this.stages.has(node.stage)) {
        this.out.push(
          diagnostic(
            'config.reference.unknown-stage',
            this.path('nodes', n, 'stage'),
            `Stage "${node.stage}" does not exist in process "${process.id}" (stage of node "${node.id}").`,
            `流程 "${process.id}" 中不存在阶段 "${node.stage}"（节点 "${node.id}" 的阶段）。`,
          ),
        );
      }
      if (node.type === 'userTask') this.userTask(node, n);
      else if (node.type === 'action') node.steps.forEach((step, s) => this.step(step, ['nodes', n, 'steps', s], node.id));
    });
  }

  private role(roleId: string, at: Path, whereEn: string, whereZh: string): void {
    if (!this.ctx.roles.has(roleId)) this.out.push(unknownRole(roleId, this.path(...at), whereEn, whereZh));
  }

  private userTask(node: UserTaskNode, n: number): void {
    const { process } = this;
    const task = `task "${node.id}" in process "${process.id}"`;
    const taskZh = `流程 "${process.id}" 的任务 "${node.id}"`;
    this.assignee(node.assignee, ['nodes', n, 'assignee'], `assignee of ${task}`, `${taskZh}的处理人`);
    if (node.form !== undefined) this.form(node.form, ['nodes', n, 'form'], task, taskZh);
    const editable = new Set(node.editableFields ?? []);
    (node.editableFields ?? []).forEach((fieldId, k) => {
      const field = this.field(fieldId, ['nodes', n, 'editableFields', k], `editable field of ${task}`, `${taskZh}的可编辑字段`);
      if (field && readOnlyFieldTypes.has(field.type)) this.readOnly(fieldId, field.type, ['nodes', n, 'editableFields', k], `editable field of ${task}`, `${taskZh}的可编辑字段`);
    });
    (node.lockedFields ?? []).forEach((fieldId, k) => {
      this.field(fieldId, ['nodes', n, 'lockedFields', k], `locked field of ${task}`, `${taskZh}的锁定字段`);
      if (editable.has(fieldId)) {
        this.out.push(
          diagnostic(
            'config.process.field-editable-and-locked',
            this.path('nodes', n, 'lockedFields', k),
            `Field "${fieldId}" is both editable and locked in ${task}.`,
            `字段 "${fieldId}" 在${taskZh}中既可编辑又被锁定。`,
          ),
        );
      }
    });
    const outcomes = new Set(node.outcomes.map((o) => o.id));
    (node.sla?.escalations ?? []).forEach((escalation, e) => {
      const at: Path = ['nodes', n, 'sla', 'escalations', e, 'action'];
      const where = `escalation "${escalation.id}" of ${task}`;
      const whereZh = `${taskZh}的升级规则 "${escalation.id}"`;
      const action = escalation.action;
      if (action.type === 'takeOutcome' && !outcomes.has(action.outcome)) {
        this.out.push(
          diagnostic(
            'config.reference.unknown-outcome',
            this.path(...at, 'outcome'),
            `Outcome "${action.outcome}" is not an outcome of task "${node.id}" (${where}).`,
            `结果 "${action.outcome}" 不是任务 "${node.id}" 的结果之一（${whereZh}）。`,
          ),
        );
      } else if (action.type === 'reassign') {
        this.assignee(action.assignee, [...at, 'assignee'], `new assignee of ${where}`, `${whereZh}的新处理人`);
      } else if (action.type === 'notify') {
        this.recipients(action.recipients, [...at, 'recipients'], `recipient of ${where}`, `${whereZh}的接收人`);
      }
    });
  }

  private form(viewId: string, at: Path, task: string, taskZh: string): void {
    const view = this.ctx.views.get(viewId)?.value;
    if (!view) {
      this.out.push(diagnostic('config.reference.unknown-view', this.path(...at), `View "${viewId}" does not exist (form of ${task}).`, `视图 "${viewId}" 不存在（${taskZh}的表单）。`));
    } else if (view.kind !== 'form') {
      this.out.push(diagnostic('config.reference.wrong-view-kind', this.path(...at), `View "${viewId}" is a ${view.kind}, not a form (form of ${task}).`, `视图 "${viewId}" 是 ${view.kind}，不是表单（${taskZh}的表单）。`));
    } else if (view.object !== this.process.object) {
      this.out.push(
        diagnostic(
          'config.reference.wrong-object',
          this.path(...at),
          `Form "${viewId}" is a form of "${view.object}", but process "${this.process.id}" runs on "${this.process.object}" (form of ${task}).`,
          `表单 "${viewId}" 属于对象 "${view.object}"，而流程 "${this.process.id}" 作用于 "${this.process.object}"（${taskZh}的表单）。`,
        ),
      );
    }
  }

  private assignee(assignee: Assignee, at: Path, whereEn: string, whereZh: string): void {
    const { process } = this;
    switch (assignee.type) {
      case 'role':
        this.role(assignee.role, [...at, 'role'], whereEn, whereZh);
        return;
      case 'queue': {
        const queue = this.ctx.queues.get(assignee.queue)?.value;
        if (!queue) {
          this.out.push(diagnostic('config.reference.unknown-queue', this.path(...at, 'queue'), `Queue "${assignee.queue}" does not exist (${whereEn}).`, `队列 "${assignee.queue}" 不存在（${whereZh}）。`));
        } else if (queue.object !== process.object) {
          this.out.push(
            diagnostic(
              'config.reference.wrong-object',
              this.path(...at, 'queue'),
              `Queue "${queue.id}" holds tasks on "${queue.object}", but process "${process.id}" runs on "${process.object}" (${whereEn}).`,
              `队列 "${queue.id}" 用于对象 "${queue.object}" 的任务，而流程 "${process.id}" 作用于 "${process.object}"（${whereZh}）。`,
            ),
          );
        }
        return;
      }
      case 'user': {
        if (!assignee.user.startsWith('field:')) return;
        const fieldId = assignee.user.slice('field:'.length);
        if (userSystemFields.has(fieldId)) return;
        const field = this.field(fieldId, [...at, 'user'], whereEn, whereZh);
        if (field && field.type !== 'user') {
          this.out.push(
            diagnostic(
              'config.assignee.not-user-field',
              this.path(...at, 'user'),
              `Field "${fieldId}" of object "${process.object}" is a ${field.type} field; "field:" must name a user field, owner or createdBy (${whereEn}).`,
              `对象 "${process.object}" 的字段 "${fieldId}" 类型为 ${field.type}；"field:" 必须指向用户字段、owner 或 createdBy（${whereZh}）。`,
            ),
          );
        }
        return;
      }
      default:
        return; // expressions are type-checked with the other expressions
    }
  }

  private recipients(recipients: Recipients, at: Path, whereEn: string, whereZh: string): void {
    (recipients.roles ?? []).forEach((roleId, k) => this.role(roleId, [...at, 'roles', k], whereEn, whereZh));
  }

  /** A field of the process object; reports it when missing. Says nothing when the object itself is missing. */
  private field(fieldId: string, at: Path, whereEn: string, whereZh: string, info = this.info) {
    if (!info) return undefined;
    const field = info.fields.get(fieldId)?.value;
    if (!field) {
      this.out.push(
        diagnostic(
          'config.reference.unknown-field',
          this.path(...at),
          `Field "${fieldId}" does not exist in object "${info.object.id}" (${whereEn}).`,
          `对象 "${info.object.id}" 中不存在字段 "${fieldId}"（${whereZh}）。`,
        ),
      );
    }
    return field;
  }

  private readOnly(fieldId: string, type: string, at: Path, whereEn: string, whereZh: string): void {
    this.out.push(
      diagnostic('config.field.read-only', this.path(...at), `Field "${fieldId}" is a ${type} field, computed by the system, and cannot be written (${whereEn}).`, `字段 "${fieldId}" 是 ${type} 字段，由系统计算，不能写入（${whereZh}）。`),
    );
  }

  private step(step: ActionStep, at: Path, nodeId: string): void {
    const { process } = this;
    const where = `action "${nodeId}" in process "${process.id}"`;
    const whereZh = `流程 "${process.id}" 的自动步骤 "${nodeId}"`;
    switch (step.type) {
      case 'setFields':
        this.writes(Object.keys(step.values), this.info, [...at, 'values'], where, whereZh);
        return;
      case 'createRecord': {
        const target = this.ctx.objects.get(step.object);
        if (!target) {
          this.out.push(diagnostic('config.reference.unknown-object', this.path(...at, 'object'), `Object "${step.object}" does not exist (record created by ${where}).`, `对象 "${step.object}" 不存在（由${whereZh}创建的记录）。`));
          return;
        }
        this.writes(Object.keys(step.values), target, [...at, 'values'], where, whereZh);
        const missing = target.object.fields.filter(
          (f) => f.required && !readOnlyFieldTypes.has(f.type) && !(f.id in step.values) && f.defaultExpression === undefined && !('default' in f && f.default !== undefined),
        );
        if (missing.length > 0) {
          const ids = missing.map((f) => `"${f.id}"`).join(', ');
          this.out.push(
            diagnostic(
              'config.action.missing-required',
              this.path(...at, 'values'),
              `The new "${step.object}" record would lack required field(s) ${ids}, which have no default (${where}).`,
              `新建的 "${step.object}" 记录缺少必填字段 ${ids}，且这些字段没有默认值（${whereZh}）。`,
            ),
          );
        }
        return;
      }
      case 'notify':
        this.recipients(step.recipients, [...at, 'recipients'], `recipient of ${where}`, `${whereZh}的接收人`);
        return;
      default:
        return;
    }
  }

  private writes(fieldIds: string[], info: ObjectInfo | undefined, at: Path, where: string, whereZh: string): void {
    for (const fieldId of fieldIds) {
      if (writableSystemFields.has(fieldId)) continue;
      const field = this.field(fieldId, [...at, fieldId], `set by ${where}`, `由${whereZh}赋值`, info);
      if (field && readOnlyFieldTypes.has(field.type)) this.readOnly(fieldId, field.type, [...at, fieldId], `set by ${where}`, `由${whereZh}赋值`);
    }
  }
}
