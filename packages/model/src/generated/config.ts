/* eslint-disable */
/**
 * generated — do not edit.
 * Source: schemas/*.schema.json. Regenerate with `pnpm gen`; `pnpm test` fails when this file is stale.
 */

/**
 * A stable identifier, used as the API name and, for objects and fields, as the database name. Starts with a lower-case letter; letters, digits and underscores; at most 63 characters. It never changes after publication except through an explicit rename (`renamedFrom`).
 */
export type Id = string;
/**
 * A field of a business object: one typed column of its records. The `type` decides which other properties apply.
 */
export type Field =
  | TextField
  | LongTextField
  | NumberField
  | CurrencyField
  | PercentField
  | DateField
  | DatetimeField
  | BooleanField
  | ChoiceField
  | MultiChoiceField
  | ReferenceField
  | EmailField
  | PhoneField
  | UrlField
  | FormulaField
  | AutoNumberField
  | UserField
  | RollupField;
/**
 * A single line of text.
 */
export type TextField = FieldBase & TextField1;
/**
 * An expression in CEL (Common Expression Language). Record fields are bare names (`amount > 10000`); `user`, `now` and, in update triggers, `prev` are available. See docs/expressions.md.
 */
export type Expression = string;
/**
 * Several lines of text.
 */
export type LongTextField = FieldBase & LongTextField1;
/**
 * A decimal number.
 */
export type NumberField = FieldBase & NumericLimits & NumberField1;
/**
 * An amount of money, stored as an exact decimal.
 */
export type CurrencyField = FieldBase & NumericLimits & CurrencyField1;
/**
 * A percentage, stored as a fraction (0.25 is 25 %).
 */
export type PercentField = FieldBase & NumericLimits & PercentField1;
/**
 * A calendar date without time.
 */
export type DateField = FieldBase & DateField1;
/**
 * A point in time, with time zone.
 */
export type DatetimeField = FieldBase & DatetimeField1;
/**
 * Yes or no.
 */
export type BooleanField = FieldBase & BooleanField1;
/**
 * One value out of a fixed list.
 */
export type ChoiceField = FieldBase & ChoiceField1;
/**
 * Any number of values out of a fixed list.
 */
export type MultiChoiceField = FieldBase & MultiChoiceField1;
/**
 * A link to one record of another (or the same) object.
 */
export type ReferenceField = FieldBase & ReferenceField1;
/**
 * An e-mail address.
 */
export type EmailField = FieldBase & EmailField1;
/**
 * A telephone number (digits, spaces, +, -, parentheses).
 */
export type PhoneField = FieldBase & PhoneField1;
/**
 * A web address (http or https).
 */
export type UrlField = FieldBase & UrlField1;
/**
 * A read-only value computed from other fields of the same record by a CEL expression.
 */
export type FormulaField = FieldBase & FormulaField1;
/**
 * A gap-free sequence number given when a record is created, formatted from a pattern.
 */
export type AutoNumberField = FieldBase & AutoNumberField1;
/**
 * A person who uses Mainline (for example an account manager).
 */
export type UserField = FieldBase & UserField1;
/**
 * A read-only summary over the records of another object that reference this one (count, sum, min or max).
 */
export type RollupField = FieldBase & RollupField1;
/**
 * A list of ids, each at most once.
 */
export type IdList = Id[];
/**
 * Which records an action covers, relative to the org unit where the role is held: `own` — records the user owns; `unit` — records of that unit; `unitAndBelow` — of that unit and every unit under it; `all` — every record.
 */
export type Scope = 'own' | 'unit' | 'unitAndBelow' | 'all';
/**
 * `hidden` — the field never leaves the server; `read` — shown, not editable; `edit` — shown and editable.
 */
export type FieldAccess = 'hidden' | 'read' | 'edit';
/**
 * What starts an instance of the process.
 */
export type Trigger = OnCreateTrigger | OnUpdateTrigger | ManualTrigger | ScheduledTrigger;
/**
 * A step of the process. `type` decides which other properties apply.
 */
export type Node =
  | StartNode
  | UserTaskNode
  | ActionNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | TimerNode
  | EndNode;
export type StartNode = NodeBase & StartNode1;
/**
 * A step that a person carries out on the record's screen, completing it with an outcome.
 */
export type UserTaskNode = NodeBase & UserTaskNode1;
/**
 * Who a task goes to.
 */
export type Assignee = RoleAssignee | UserAssignee | QueueAssignee | ExpressionAssignee;
/**
 * An ISO 8601 duration: `P3D` (three days), `PT4H` (four hours), `P1DT12H`, `P2W`.
 */
export type Duration = string;
export type EscalationAction = NotifyEscalation | ReassignEscalation | OutcomeEscalation;
/**
 * A step the system carries out at once: set fields, create a record, notify, call a webhook.
 */
export type ActionNode = NodeBase & ActionNode1;
/**
 * One automatic effect.
 */
export type ActionStep = SetFieldsStep | CreateRecordStep | NotifyStep | WebhookStep;
/**
 * A decision: the outgoing edges' conditions are tried in the order the edges are listed; the first that holds is taken, else the default edge.
 */
export type ExclusiveGatewayNode = NodeBase & ExclusiveGatewayNode1;
/**
 * A fork (one incoming edge, several outgoing: all are taken) or a join (several incoming: waits for one token on each).
 */
export type ParallelGatewayNode = NodeBase & ParallelGatewayNode1;
/**
 * A wait: for a duration, or until a time computed from the record.
 */
export type TimerNode = NodeBase & TimerNode1;
export type EndNode = NodeBase & EndNode1;
/**
 * A screen generated for an object: a form, a list or a kanban board. `kind` decides which other properties apply.
 */
export type View = FormView | ListView | KanbanView;
/**
 * A form for creating and editing one record.
 */
export type FormView = ViewBase & FormView1;
/**
 * A table of records with a filter and a sort.
 */
export type ListView = ViewBase & ListView1;
/**
 * A board with one column per option of a choice field; dragging a card changes the field.
 */
export type KanbanView = ViewBase & KanbanView1;
/**
 * A list of ids, each at most once.
 *
 * @maxItems 8
 */
export type IdList1 = Id[];
/**
 * A list of ids, each at most once.
 *
 * @minItems 1
 */
export type IdList2 = Id[];
/**
 * A list of ids, each at most once.
 *
 * @minItems 1
 */
export type IdList3 = Id[];
/**
 * One menu entry.
 */
export type NavItem = ViewNavItem | InboxNavItem | GroupNavItem;

/**
 * A Mainline configuration package: the business objects, roles, processes, views, queues and menus of one organisation's CRM. Analysts edit it as a draft; admins publish it as an immutable version.
 */
export interface ConfigPackage {
  /**
   * Path or URL of this schema, for editors.
   */
  $schema?: string;
  id: Id;
  name: LocalizedText;
  description?: LocalizedText;
  /**
   * A BCP 47 language tag of a supported screen language.
   */
  defaultLocale?: 'en' | 'zh-CN';
  /**
   * ISO 4217 code of currency fields that do not name their own.
   */
  currency?: string;
  /**
   * The business objects.
   */
  objects: BusinessObject[];
  /**
   * The business roles and their grants.
   */
  roles: Role[];
  /**
   * The business processes.
   */
  processes: Process[];
  /**
   * Forms, lists and kanban boards.
   */
  views: View[];
  /**
   * Work queues.
   */
  queues?: Queue[];
  /**
   * Menus per role.
   */
  navigation?: NavigationMenu[];
}
/**
 * A text shown to people, one entry per locale. `en` is required; `zh-CN` should be given too (a warning says where it is missing).
 */
export interface LocalizedText {
  /**
   * English text.
   */
  en: string;
  /**
   * Simplified Chinese text.
   */
  'zh-CN'?: string;
}
/**
 * A business object (lead, account, opportunity, …): the kind of record end users create, list and work on. Each object becomes one database table.
 */
export interface BusinessObject {
  id: Id;
  label: LocalizedText;
  pluralLabel?: LocalizedText;
  /**
   * Notes for analysts; not shown to end users.
   */
  description?: string;
  /**
   * Name of the icon shown in menus and on record pages.
   */
  icon?: string;
  titleField: Id;
  /**
   * The object's fields, in their default display order.
   *
   * @minItems 1
   * @maxItems 500
   */
  fields: Field[];
  /**
   * Rules over several fields of a record, checked on every save.
   */
  validations?: ValidationRule[];
  renamedFrom?: Id;
}
/**
 * Properties every field has.
 */
export interface FieldBase {
  id: Id;
  /**
   * The kind of value the field holds.
   */
  type: string;
  label: LocalizedText;
  helpText?: LocalizedText;
  /**
   * Notes for analysts; not shown to end users.
   */
  description?: string;
  /**
   * A record cannot be saved without a value in this field.
   */
  required?: boolean;
  /**
   * No two live records may hold the same value (enforced by a unique index).
   */
  unique?: boolean;
  /**
   * Build a database index on this field, for fast filters and sorts on large tables.
   */
  indexed?: boolean;
  defaultExpression?: Expression;
  /**
   * Rules a value must satisfy, checked on every save.
   */
  validations?: ValidationRule[];
  renamedFrom?: Id;
}
/**
 * A CEL condition that must be true for a record to be saved, with the message shown when it is not.
 */
export interface ValidationRule {
  id: Id;
  expression: Expression;
  message: LocalizedText;
}
export interface TextField1 {
  /**
   * A single line of text.
   */
  type: 'text';
  /**
   * Longest allowed value in characters.
   */
  maxLength?: number;
  /**
   * A regular expression the whole value must match.
   */
  pattern?: string;
  /**
   * Value given to new records.
   */
  default?: string;
}
export interface LongTextField1 {
  /**
   * Several lines of text.
   */
  type: 'longText';
  /**
   * Longest allowed value in characters.
   */
  maxLength?: number;
  /**
   * Value given to new records.
   */
  default?: string;
}
export interface NumericLimits {
  /**
   * Digits after the decimal point.
   */
  scale?: number;
  /**
   * Smallest allowed value.
   */
  min?: number;
  /**
   * Largest allowed value.
   */
  max?: number;
}
export interface NumberField1 {
  /**
   * A decimal number.
   */
  type: 'number';
  /**
   * Value given to new records.
   */
  default?: number;
}
export interface CurrencyField1 {
  /**
   * An amount of money.
   */
  type: 'currency';
  /**
   * ISO 4217 code; the package's `currency` when absent.
   */
  currency?: string;
  /**
   * Value given to new records.
   */
  default?: number;
}
export interface PercentField1 {
  /**
   * A percentage, stored as a fraction.
   */
  type: 'percent';
  /**
   * Value given to new records, as a fraction.
   */
  default?: number;
}
export interface DateField1 {
  /**
   * A calendar date.
   */
  type: 'date';
  /**
   * Value given to new records (YYYY-MM-DD). For a date relative to today use `defaultExpression`.
   */
  default?: string;
}
export interface DatetimeField1 {
  /**
   * A point in time.
   */
  type: 'datetime';
  /**
   * Value given to new records (RFC 3339). For `now` use `defaultExpression`.
   */
  default?: string;
}
export interface BooleanField1 {
  /**
   * Yes or no.
   */
  type: 'boolean';
  /**
   * Value given to new records.
   */
  default?: boolean;
}
export interface ChoiceField1 {
  /**
   * One value out of a fixed list.
   */
  type: 'choice';
  /**
   * The allowed values, in display order.
   *
   * @minItems 1
   * @maxItems 500
   */
  options: ChoiceOption[];
  /**
   * The option value given to new records.
   */
  default?: string;
}
/**
 * One value of a choice or multi-choice field.
 */
export interface ChoiceOption {
  /**
   * The stored value; stable like an id.
   */
  value: string;
  label: LocalizedText;
  /**
   * Colour of the option's tag and kanban column.
   */
  color?: string;
  /**
   * Kept for existing records but no longer offered for new values.
   */
  retired?: boolean;
}
export interface MultiChoiceField1 {
  /**
   * Any number of values out of a fixed list.
   */
  type: 'multiChoice';
  /**
   * The allowed values, in display order.
   *
   * @minItems 1
   * @maxItems 500
   */
  options: ChoiceOption[];
  /**
   * Option values given to new records.
   */
  default?: string[];
}
export interface ReferenceField1 {
  /**
   * A link to a record of another object.
   */
  type: 'reference';
  target: Id;
  relatedListLabel?: LocalizedText;
  /**
   * What happens to this field when the referenced record is deleted: `restrict` refuses the delete while references exist, `clear` empties this field.
   */
  onTargetDelete?: 'restrict' | 'clear';
}
export interface EmailField1 {
  /**
   * An e-mail address.
   */
  type: 'email';
  /**
   * Value given to new records.
   */
  default?: string;
}
export interface PhoneField1 {
  /**
   * A telephone number.
   */
  type: 'phone';
  /**
   * Value given to new records.
   */
  default?: string;
}
export interface UrlField1 {
  /**
   * A web address.
   */
  type: 'url';
  /**
   * Value given to new records.
   */
  default?: string;
}
export interface FormulaField1 {
  /**
   * A value computed from other fields.
   */
  type: 'formula';
  expression: Expression;
  /**
   * The type of the computed value.
   */
  resultType: 'text' | 'number' | 'currency' | 'percent' | 'date' | 'datetime' | 'boolean';
  /**
   * Digits after the decimal point for numeric results.
   */
  scale?: number;
}
export interface AutoNumberField1 {
  /**
   * A gap-free sequence number.
   */
  type: 'autoNumber';
  /**
   * The pattern; `{0000}` is the number padded to that many digits, `{YYYY}` the year of creation.
   */
  format: string;
  /**
   * The first number.
   */
  start?: number;
}
export interface UserField1 {
  /**
   * A person who uses Mainline.
   */
  type: 'user';
}
export interface RollupField1 {
  /**
   * A summary over related records.
   */
  type: 'rollup';
  from: Id;
  via: Id;
  /**
   * How the children are summarised.
   */
  function: 'count' | 'sum' | 'min' | 'max';
  field?: Id;
  filter?: Expression;
}
/**
 * A business role (sales rep, sales manager, service agent, …). Users hold roles in org units; the role's grants say what they may do with which records. Grants of several roles add up: the most permissive wins.
 */
export interface Role {
  id: Id;
  label: LocalizedText;
  description?: LocalizedText;
  inherits?: IdList;
  /**
   * What the role may do, per object.
   */
  grants: Grant[];
}
/**
 * The role's permissions on one object.
 */
export interface Grant {
  object: Id;
  /**
   * Allowed actions; an action not listed is not allowed by this grant.
   */
  actions: {
    create?: ActionGrant;
    read?: ActionGrant;
    update?: ActionGrant;
    delete?: ActionGrant;
    export?: ActionGrant;
    import?: ActionGrant;
    transfer?: ActionGrant;
  };
  fieldAccess?: GrantFieldAccess;
}
/**
 * Permission for one action: a scope and an optional condition that the record must also meet.
 */
export interface ActionGrant {
  scope: Scope;
  condition?: Expression;
}
/**
 * Access to the object's fields for holders of this role.
 */
export interface GrantFieldAccess {
  default?: FieldAccess;
  /**
   * Access per field id, overriding `default`.
   */
  fields?: {
    [k: string]: FieldAccess;
  };
}
/**
 * A business process bound to an object: a graph of steps that people in roles and the system carry out on a record, from a start node to an end node.
 */
export interface Process {
  id: Id;
  label: LocalizedText;
  description?: LocalizedText;
  object: Id;
  /**
   * A disabled process starts no new instances; running ones finish.
   */
  enabled?: boolean;
  /**
   * What starts an instance. Several triggers may start the same process.
   *
   * @minItems 1
   */
  triggers: Trigger[];
  /**
   * Phases shown in the stage bar, in order. Nodes name the stage they belong to.
   */
  stages?: Stage[];
  /**
   * The steps of the process.
   *
   * @minItems 2
   */
  nodes: Node[];
  /**
   * The flows between steps.
   */
  edges: Edge[];
}
export interface OnCreateTrigger {
  /**
   * Starts when a record is created.
   */
  type: 'onCreate';
  condition?: Expression;
}
export interface OnUpdateTrigger {
  /**
   * Starts when an update makes the condition become true.
   */
  type: 'onUpdate';
  condition: Expression;
}
export interface ManualTrigger {
  /**
   * Started by a person from the record's page.
   */
  type: 'manual';
  label?: LocalizedText;
  roles?: IdList;
  condition?: Expression;
}
export interface ScheduledTrigger {
  /**
   * Starts on a schedule, one instance per matching record.
   */
  type: 'scheduled';
  /**
   * A five-field cron expression (minute hour day-of-month month day-of-week), in the server's time zone.
   */
  cron: string;
  filter?: Expression;
}
export interface Stage {
  id: Id;
  label: LocalizedText;
  /**
   * Colour in the stage bar.
   */
  color?: string;
}
export interface NodeBase {
  id: Id;
  /**
   * The kind of step.
   */
  type: string;
  label?: LocalizedText;
  description?: LocalizedText;
  stage?: Id;
  position: Position;
}
/**
 * Where the node is drawn on the canvas, in canvas pixels.
 */
export interface Position {
  /**
   * Horizontal position.
   */
  x: number;
  /**
   * Vertical position.
   */
  y: number;
}
export interface StartNode1 {
  /**
   * Where every instance begins; exactly one per process.
   */
  type: 'start';
}
export interface UserTaskNode1 {
  /**
   * A task for a person.
   */
  type: 'userTask';
  assignee: Assignee;
  form?: Id;
  instructions?: LocalizedText;
  /**
   * The ways to complete the task.
   *
   * @minItems 1
   */
  outcomes: Outcome[];
  sla?: Sla;
  editableFields?: IdList;
  lockedFields?: IdList;
}
export interface RoleAssignee {
  /**
   * Holders of a role in the record's org unit, or the nearest unit above that has one.
   */
  type: 'role';
  role: Id;
}
export interface UserAssignee {
  /**
   * A named user, or the user in a user field of the record.
   */
  type: 'user';
  /**
   * A username, or `field:<id>` for a user field of the record (e.g. `field:owner`).
   */
  user: string;
}
export interface QueueAssignee {
  /**
   * A work queue; any member may claim the task.
   */
  type: 'queue';
  queue: Id;
}
export interface ExpressionAssignee {
  /**
   * A CEL expression that returns a user id.
   */
  type: 'expression';
  expression: Expression;
}
/**
 * A way to complete a task (approve, reject, …); each outcome leads along the edges that name it.
 */
export interface Outcome {
  id: Id;
  label: LocalizedText;
  /**
   * How the button looks.
   */
  style?: 'primary' | 'default' | 'danger';
  /**
   * A comment must be given with this outcome.
   */
  requiresComment?: boolean;
}
/**
 * The service level of a task: when it is due and what happens when it is late.
 */
export interface Sla {
  due?: Duration;
  dueExpression?: Expression;
  /**
   * Escalations, in any order.
   */
  escalations?: Escalation[];
}
/**
 * What happens when a task is still open some time after it was created.
 */
export interface Escalation {
  id: Id;
  after: Duration;
  /**
   * Cancel the task when the escalation fires. `takeOutcome` is always interrupting.
   */
  interrupting?: boolean;
  repeatEvery?: Duration;
  action: EscalationAction;
}
export interface NotifyEscalation {
  /**
   * Send a notification.
   */
  type: 'notify';
  recipients: Recipients;
  message: LocalizedText;
}
/**
 * Who receives a notification.
 */
export interface Recipients {
  /**
   * The task's current assignee.
   */
  assignee?: boolean;
  /**
   * The record's owner.
   */
  owner?: boolean;
  roles?: IdList;
  /**
   * Named users.
   */
  users?: string[];
}
export interface ReassignEscalation {
  /**
   * Give the task to someone else.
   */
  type: 'reassign';
  assignee: Assignee;
}
export interface OutcomeEscalation {
  /**
   * Complete the task with an outcome on the assignee's behalf.
   */
  type: 'takeOutcome';
  outcome: Id;
}
export interface ActionNode1 {
  /**
   * An automatic step.
   */
  type: 'action';
  /**
   * Effects, in order, in one transaction (webhooks leave through the outbox after it commits).
   *
   * @minItems 1
   */
  steps: ActionStep[];
}
export interface SetFieldsStep {
  /**
   * Set fields of the record.
   */
  type: 'setFields';
  /**
   * Field id → CEL expression for its new value.
   */
  values: {
    [k: string]: Expression;
  };
}
export interface CreateRecordStep {
  /**
   * Create a record, usually one that references this one.
   */
  type: 'createRecord';
  object: Id;
  /**
   * Field id of the new record → CEL expression over this record; `id` is this record's id.
   */
  values: {
    [k: string]: Expression;
  };
}
export interface NotifyStep {
  /**
   * Send an in-app notification.
   */
  type: 'notify';
  recipients: Recipients;
  message: LocalizedText;
}
export interface WebhookStep {
  /**
   * Call an external system (signed, retried, delivered at least once).
   */
  type: 'webhook';
  /**
   * The endpoint, http or https.
   */
  url: string;
  /**
   * Name of the server-side secret used to sign the body (HMAC-SHA256); the secret's value never appears in the configuration.
   */
  secret?: string;
  /**
   * Extra JSON properties: name → CEL expression. The record itself is always sent.
   */
  payload?: {
    [k: string]: Expression;
  };
}
export interface ExclusiveGatewayNode1 {
  /**
   * A decision.
   */
  type: 'exclusiveGateway';
  defaultEdge?: Id;
  /**
   * `incident`: when no condition holds and there is no default, the instance stops with an incident that an admin resolves. Setting this marks a gateway without a default as intended.
   */
  onNoMatch?: 'incident';
}
export interface ParallelGatewayNode1 {
  /**
   * A fork or a join.
   */
  type: 'parallelGateway';
}
export interface TimerNode1 {
  /**
   * A wait.
   */
  type: 'timer';
  duration?: Duration;
  until?: Expression;
}
export interface EndNode1 {
  /**
   * Where a path of the process ends.
   */
  type: 'end';
  /**
   * End the whole instance at once, cancelling every other open path.
   */
  terminate?: boolean;
}
/**
 * A flow from one node to another.
 */
export interface Edge {
  id: Id;
  from: Id;
  to: Id;
  label?: LocalizedText;
  condition?: Expression;
  outcome?: Id;
}
export interface ViewBase {
  id: Id;
  /**
   * The kind of screen.
   */
  kind: string;
  object: Id;
  label: LocalizedText;
  defaultForRoles?: IdList;
}
export interface FormView1 {
  /**
   * A form.
   */
  kind: 'form';
  /**
   * The form's sections, top to bottom.
   *
   * @minItems 1
   */
  sections: FormSection[];
  /**
   * Related lists shown under the form, as `object.referenceField`.
   */
  showRelated?: string[];
}
export interface FormSection {
  id: Id;
  label: LocalizedText;
  /**
   * Number of columns the fields are laid out in.
   */
  columns?: number;
  /**
   * Start folded.
   */
  collapsed?: boolean;
  visibleWhen?: Expression;
  /**
   * The fields, left to right, top to bottom.
   *
   * @minItems 1
   */
  fields: FormField[];
}
/**
 * A field placed on a form, with rules that change its behaviour as the user types.
 */
export interface FormField {
  field: Id;
  /**
   * How many of the section's columns the field takes.
   */
  span?: number;
  visibleWhen?: Expression;
  requiredWhen?: Expression;
  readOnlyWhen?: Expression;
}
export interface ListView1 {
  /**
   * A list.
   */
  kind: 'list';
  /**
   * Columns, left to right.
   *
   * @minItems 1
   */
  columns: ListColumn[];
  filter?: Expression;
  /**
   * Sort keys, most significant first.
   */
  sort?: SortKey[];
  /**
   * Rows per page.
   */
  pageSize?: number;
}
export interface ListColumn {
  field: Id;
  /**
   * Column width in pixels.
   */
  width?: number;
}
export interface SortKey {
  field: Id;
  /**
   * Ascending or descending.
   */
  direction?: 'asc' | 'desc';
}
export interface KanbanView1 {
  /**
   * A kanban board.
   */
  kind: 'kanban';
  groupBy: Id;
  cardFields: IdList1;
  filter?: Expression;
  /**
   * Order of cards within a column.
   */
  sort?: SortKey[];
  sumField?: Id;
}
/**
 * A work queue: tasks waiting to be claimed by any member, ordered by a priority expression.
 */
export interface Queue {
  id: Id;
  label: LocalizedText;
  description?: LocalizedText;
  object: Id;
  members: QueueMembers;
  priority?: Expression;
}
/**
 * Who may claim tasks from the queue.
 */
export interface QueueMembers {
  roles: IdList2;
}
/**
 * The menu that holders of some roles see in the workspace.
 */
export interface NavigationMenu {
  id: Id;
  roles: IdList3;
  /**
   * The menu entries, top to bottom.
   */
  items: NavItem[];
}
export interface ViewNavItem {
  /**
   * Opens a list or kanban view.
   */
  type: 'view';
  view: Id;
  label?: LocalizedText;
  /**
   * Icon name.
   */
  icon?: string;
}
export interface InboxNavItem {
  /**
   * Opens the user's task inbox.
   */
  type: 'inbox';
  label?: LocalizedText;
  /**
   * Icon name.
   */
  icon?: string;
}
export interface GroupNavItem {
  /**
   * A heading with entries under it.
   */
  type: 'group';
  label: LocalizedText;
  /**
   * Icon name.
   */
  icon?: string;
  /**
   * Entries in the group (views or the inbox; groups do not nest).
   *
   * @minItems 1
   */
  items: (ViewNavItem | InboxNavItem)[];
}

/**
 * One problem found in a configuration package by `mainline validate`, the studio or the publish planner.
 */
export interface Diagnostic {
  /**
   * `error` blocks publishing; `warning` does not.
   */
  severity: 'error' | 'warning';
  /**
   * A stable code documented in docs/diagnostics.md.
   */
  code: string;
  /**
   * JSON pointer (RFC 6901) to the offending value in the package; empty for the whole package.
   */
  path: string;
  /**
   * What is wrong, in English and Simplified Chinese.
   */
  message: {
    /**
     * English message.
     */
    en: string;
    /**
     * Simplified Chinese message.
     */
    'zh-CN': string;
  };
  /**
   * For problems inside an expression: the 0-based character range within the expression string.
   */
  range?: {
    /**
     * First character.
     */
    start: number;
    /**
     * One past the last character.
     */
    end: number;
  };
}
