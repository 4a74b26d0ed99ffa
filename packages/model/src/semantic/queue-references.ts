import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { unknownRole } from './role-references.ts';

/** Queues: their object and member roles. (Tasks that use a queue are checked with processes.) */
export function checkQueueReferences(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.queues ?? []).forEach((queue, q) => {
    if (!ctx.objects.has(queue.object)) {
      out.push(diagnostic('config.reference.unknown-object', pointer('queues', q, 'object'), `Object "${queue.object}" does not exist (object of queue "${queue.id}").`, `对象 "${queue.object}" 不存在（队列 "${queue.id}" 的对象）。`));
    }
    (queue.members?.roles ?? []).forEach((roleId, k) => {
      if (!ctx.roles.has(roleId)) out.push(unknownRole(roleId, pointer('queues', q, 'members', 'roles', k), `member of queue "${queue.id}"`, `队列 "${queue.id}" 的成员`));
    });
  });
  return out;
}
