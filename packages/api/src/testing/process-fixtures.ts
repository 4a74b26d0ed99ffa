import type { Process, Trigger } from '@mainline/model';

/** The same text in English and Chinese, for labels of test configurations. */
export const name = (en: string) => ({ en, 'zh-CN': en });

/** A node position (the engine ignores it). */
export const at = { x: 0, y: 0 };

/** A process on accounts whose one user task, `call` (outcome `done`), goes to the record's owner. */
export function ownerCallProcess(id: string, trigger: Trigger, label = id): Process {
  return {
    id,
    label: name(label),
    object: 'account',
    triggers: [trigger],
    nodes: [
      { id: 'start', type: 'start', position: at },
      { id: 'call', type: 'userTask', position: at, assignee: { type: 'user', user: 'field:owner' }, outcomes: [{ id: 'done', label: name('Called') }] },
      { id: 'end', type: 'end', position: at },
    ],
    edges: [
      { id: 'toCall', from: 'start', to: 'call' },
      { id: 'toEnd', from: 'call', to: 'end', outcome: 'done' },
    ],
  };
}
