import type { LocalizedText } from '../generated/config.ts';
import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';

type Path = (string | number)[];

/**
 * Every text shown to people should have a Simplified Chinese version: one warning per text
 * without `zh-CN`, at the text. A typed walk over the places the schema puts a LocalizedText
 * (cheaper and exact, unlike guessing from shapes: a `setFields` map may have a key `en`).
 */
export function checkLabels(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const text = (value: LocalizedText | undefined, ...path: Path): void => {
    if (value === undefined || value['zh-CN'] !== undefined) return;
    const at = pointer(...path);
    out.push(
      diagnostic(
        'config.label.missing-locale',
        at,
        `The text "${value.en}" has no Simplified Chinese (zh-CN) version (${at}).`,
        `文本 "${value.en}" 缺少简体中文（zh-CN）版本（${at}）。`,
        'warning',
      ),
    );
  };
  const { pkg } = ctx;
  text(pkg.name, 'name');
  text(pkg.description, 'description');

  (pkg.objects ?? []).forEach((object, o) => {
    text(object.label, 'objects', o, 'label');
    text(object.pluralLabel, 'objects', o, 'pluralLabel');
    (object.validations ?? []).forEach((rule, r) => text(rule.message, 'objects', o, 'validations', r, 'message'));
    (object.fields ?? []).forEach((field, f) => {
      const at: Path = ['objects', o, 'fields', f];
      text(field.label, ...at, 'label');
      text(field.helpText, ...at, 'helpText');
      (field.validations ?? []).forEach((rule, r) => text(rule.message, ...at, 'validations', r, 'message'));
      if (field.type === 'reference') text(field.relatedListLabel, ...at, 'relatedListLabel');
      if (field.type === 'choice' || field.type === 'multiChoice') field.options.forEach((option, k) => text(option.label, ...at, 'options', k, 'label'));
    });
  });

  (pkg.roles ?? []).forEach((role, r) => {
    text(role.label, 'roles', r, 'label');
    text(role.description, 'roles', r, 'description');
  });

  (pkg.processes ?? []).forEach((process, p) => {
    text(process.label, 'processes', p, 'label');
    text(process.description, 'processes', p, 'description');
    (process.triggers ?? []).forEach((trigger, t) => {
      if (trigger.type === 'manual') text(trigger.label, 'processes', p, 'triggers', t, 'label');
    });
    (process.stages ?? []).forEach((stage, s) => text(stage.label, 'processes', p, 'stages', s, 'label'));
    (process.edges ?? []).forEach((edge, e) => text(edge.label, 'processes', p, 'edges', e, 'label'));
    (process.nodes ?? []).forEach((node, n) => {
      const at: Path = ['processes', p, 'nodes', n];
      text(node.label, ...at, 'label');
      text(node.description, ...at, 'description');
      if (node.type === 'userTask') {
        text(node.instructions, ...at, 'instructions');
        node.outcomes.forEach((outcome, k) => text(outcome.label, ...at, 'outcomes', k, 'label'));
        (node.sla?.escalations ?? []).forEach((escalation, e) => {
          if (escalation.action.type === 'notify') text(escalation.action.message, ...at, 'sla', 'escalations', e, 'action', 'message');
        });
      } else if (node.type === 'action') {
        node.steps.forEach((step, s) => {
          if (step.type === 'notify') text(step.message, ...at, 'steps', s, 'message');
        });
      }
    });
  });

  (pkg.views ?? []).forEach((view, v) => {
    text(view.label, 'views', v, 'label');
    if (view.kind === 'form') view.sections.forEach((section, s) => text(section.label, 'views', v, 'sections', s, 'label'));
  });

  (pkg.queues ?? []).forEach((queue, q) => {
    text(queue.label, 'queues', q, 'label');
    text(queue.description, 'queues', q, 'description');
  });

  (pkg.navigation ?? []).forEach((menu, m) => {
    (menu.items ?? []).forEach((item, i) => {
      text(item.label, 'navigation', m, 'items', i, 'label');
      if (item.type === 'group') item.items.forEach((child, c) => text(child.label, 'navigation', m, 'items', i, 'items', c, 'label'));
    });
  });
  return out;
}
