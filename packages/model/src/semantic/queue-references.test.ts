import { describe, expect, it } from 'vitest';
import { checkQueueReferences } from './queue-references.ts';
import { at, run, summary, withBase } from './test-fixtures.ts';

describe('queue references', () => {
  it('accepts the base package', () => {
    expect(run(checkQueueReferences, withBase(() => undefined))).toEqual([]);
  });

  it('reports an unknown object and unknown member roles', () => {
    const pkg = withBase((p) => {
      const queue = at(p.queues, 0);
      queue.object = 'ticket';
      queue.members.roles = ['rep', 'agent'];
    });
    const diagnostics = run(checkQueueReferences, pkg);
    expect(summary(diagnostics)).toEqual(['config.reference.unknown-object /queues/0/object', 'config.reference.unknown-role /queues/0/members/roles/1']);
    expect(diagnostics[1]!.message.en).toBe('Role "agent" does not exist (member of queue "triage").');
  });
});
