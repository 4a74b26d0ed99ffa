import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { sqlText, testEngine } from '@mainline/db';
import { fireTimersDueWithin, openDemoApi, type DemoApi } from './support/demo-api.ts';
import type { Json } from './support/records-api.ts';

// Issue 6's scenario on the complex-sales template, end to end through REST only, as the demo
// users `pnpm start` creates (one per role: the account executive and the legal counsel in east,
// the sales manager held at company, finance controller and sales ops at hq, the presales
// consultant in south): lead → opportunity → quote approval with an escalation → order. Timers are
// fired by the server's own job worker after their jobs are made due (fireTimersDueWithin); the
// history is read from process_events, which has no REST route yet.

type Client = DemoApi['as'] extends (username: string) => infer C ? C : never;
type Task = Json & { id: string; node: { id: string }; recordId: string; assigneeId: string | null; candidateRole: string | null; queueId: string | null };
type Instance = { instanceId: string; process: { id: string }; endedAt: string | null; progress: { status: string; stage: string | null; stages: { stage: { id: string }; state: string }[]; active: Json[] }; incidents: Json[] };
type Event = { type: string; node: string | null; actor: string | null; outcome: string | null; details: Json };

const day = 86_400_000;
/** The lead's expected decision date, which becomes the opportunity's close date: 20 days away. */
const decisionDate = new Date(Date.now() + 20 * day).toISOString().slice(0, 10);

describe(`complex sales process end to end over REST (${testEngine()})`, () => {
  let d: DemoApi;
  // ids filled in as the scenario goes
  const users = { admin: '', 'account-executive': '', 'sales-manager': '', 'sales-ops': '', 'legal-counsel': '', 'finance-controller': '', 'presales-consultant': '' };
  const units = { company: '', hq: '', east: '', south: '' };
  let ae: Client; // account-executive
  let sm: Client; // sales-manager
  let ops: Client; // sales-ops
  let legal: Client; // legal-counsel
  let finance: Client; // finance-controller
  let presales: Client; // presales-consultant
  let admin: Client;
  const ids = { lead: '', qualify: '', account: '', opportunity: '', prepareProposal: '', quote: '', approval: '', order: '' };
  const instances = { lead: '', opportunity: '', quote: '' };

  /** The answer's JSON after checking its status (the body is in the failure message). */
  const ok = async <T = Json>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> => {
    const r = await response;
    expect(r.statusCode, `${r.statusCode} ${r.body}`).toBe(status);
    return (r.body === '' ? undefined : r.json()) as T;
  };
  const problem = async (response: Promise<LightMyRequestResponse>, status: number) => {
    const r = await response;
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    return r.json() as { code: string; errors?: { pointer: string; code: string }[] };
  };
  const inbox = (who: Client, view: 'all' | 'mine' | 'available' = 'all') => ok<Task[]>(who('GET', `/tasks?view=${view}`));
  /** The caller's open task at `node` of the record, or undefined. */
  const taskAt = async (who: Client, recordId: string, node: string, view: 'all' | 'mine' | 'available' = 'all') => (await inbox(who, view)).find((t) => t.recordId === recordId && t.node.id === node);
  const processes = (who: Client, object: string, id: string) => ok<Instance[]>(who('GET', `/records/${object}/${id}/process`));
  const instanceOf = async (who: Client, object: string, id: string, process: string) => {
    const found = (await processes(who, object, id)).find((p) => p.process.id === process);
    expect(found, `${process} on ${object} ${id}`).toBeDefined();
    return found!;
  };
  const stageBar = (instance: Instance) => instance.progress.stages.map((s) => `${s.stage.id}:${s.state}`);
  /** PATCH with the record's current rowVersion as If-Match. */
  const patch = async (who: Client, object: string, id: string, values: Json) => {
    const { rowVersion } = await ok(who('GET', `/records/${object}/${id}?fields=id`));
    return who('PATCH', `/records/${object}/${id}`, values, { 'if-match': `"${rowVersion as number}"` });
  };
  const complete = (who: Client, taskId: string, body: Json) => who('POST', `/tasks/${taskId}/complete`, body);
  const events = (instanceId: string) =>
    d.database.rows<Event>(
      sqlText('SELECT type, node_id AS node, actor_id::text AS actor, outcome, details FROM process_events WHERE instance_id = $1::uuid ORDER BY id', [instanceId]),
    );
  const notificationsOf = (recordId: string) =>
    d.database.rows<{ user: string; en: string }>(
      sqlText(`SELECT user_id::text AS "user", message->>'en' AS en FROM notifications WHERE record_id = $1::uuid ORDER BY created_at, id`, [recordId]),
    );
  const left = (all: Event[], node: string) => all.filter((e) => e.type === 'node.left' && e.node === node);

  beforeAll(async () => {
    d = await openDemoApi('complex-sales');
    for (const username of Object.keys(users) as (keyof typeof users)[]) users[username] = await d.userId(username);
    for (const code of Object.keys(units) as (keyof typeof units)[]) units[code] = await d.unitId(code);
    ae = d.as('account-executive');
    sm = d.as('sales-manager');
    ops = d.as('sales-ops');
    legal = d.as('legal-counsel');
    finance = d.as('finance-controller');
    presales = d.as('presales-consultant');
    admin = d.as('admin');
  });
  afterAll(async () => {
    await d?.close();
  });

  it('has the demo users of the template, each with their role where seedDemo places it', () => {
    const roles = Object.fromEntries([...d.logins.values()].map((l) => [l.username, l.roles]));
    expect(roles).toMatchObject({
      'account-executive': ['accountExecutive@east'],
      'sales-manager': ['salesManager@company'],
      'legal-counsel': ['legalCounsel@east'],
      'finance-controller': ['financeController@hq'],
      'sales-ops': ['salesOps@hq'],
      'presales-consultant': ['presalesConsultant@south'],
    });
  });

  it("starts the lead's qualification on create: the stage bar, and the task in its owner's inbox only", async () => {
    const lead = await ok(
      ae('POST', '/records/lead', {
        projectName: 'MES rollout',
        company: 'Huaxin Manufacturing',
        fullName: 'Li Wei',
        email: 'li.wei@huaxin.example',
        source: 'tender_notice',
        estimatedBudget: 1_800_000,
        expectedDecisionDate: decisionDate,
      }),
      201,
    );
    ids.lead = lead.id as string;
    // the first step of the process ran in the create's transaction: the answer has it
    expect(lead).toMatchObject({ owner: users['account-executive'], orgUnit: units.east, status: 'qualifying', bantScore: 0, rowVersion: 2 });

    const instance = await instanceOf(ae, 'lead', ids.lead, 'leadQualification');
    instances.lead = instance.instanceId;
    expect(instance.progress).toMatchObject({ status: 'running', stage: 'qualifying', active: [{ node: 'qualify', waitsFor: 'task' }] });
    expect(stageBar(instance)).toEqual(['qualifying:current', 'decided:upcoming']);

    const qualify = await taskAt(ae, ids.lead, 'qualify', 'mine');
    expect(qualify).toMatchObject({ assigneeId: users['account-executive'], candidateRole: null, queueId: null, overdue: false, stage: 'qualifying' });
    expect(Date.parse(qualify!.dueAt as string) - Date.parse(qualify!.createdAt as string)).toBe(3 * day);
    ids.qualify = qualify!.id;
    // the sales manager may read the lead (unit and below) but the task is not theirs
    for (const who of [sm, legal, presales]) expect(await taskAt(who, ids.lead, 'qualify')).toBeUndefined();
    expect(await problem(complete(sm, ids.qualify, { outcome: 'qualify' }), 404)).toMatchObject({ code: 'process.task-not-found', errors: [{ pointer: '/id' }] });
  });

  it('reminds the owner after two days and, after five, hands the lead to the lead desk queue, where a member claims it', async () => {
    expect(await fireTimersDueWithin(d.database, instances.lead, '2 days 1 minute')).toEqual(['done']);
    expect(await notificationsOf(ids.lead)).toEqual([{ user: users['account-executive'], en: 'Qualify this lead by tomorrow.' }]);
    expect(await taskAt(ae, ids.lead, 'qualify', 'mine')).toBeDefined();

    expect(await fireTimersDueWithin(d.database, instances.lead, '5 days 1 minute')).toEqual(['done']);
    // the queue's members (account executives and sales managers) see it as available; nobody else
    expect(await taskAt(ae, ids.lead, 'qualify', 'mine')).toBeUndefined();
    const desk = await taskAt(sm, ids.lead, 'qualify', 'available');
    expect(desk).toMatchObject({ id: ids.qualify, assigneeId: null, queueId: 'leadDesk', candidateRole: null });
    // reassigned into the queue, it takes the queue's priority: BANT 0 + 1.8M / 100k + 50 for a tender notice
    expect(desk!.priority).toBe(68);
    expect(await taskAt(ae, ids.lead, 'qualify', 'available')).toBeDefined();
    for (const who of [legal, finance, presales]) expect(await taskAt(who, ids.lead, 'qualify')).toBeUndefined();

    const claimed = await ok(sm('POST', `/tasks/${ids.qualify}/claim`));
    expect(claimed).toMatchObject({ assigneeId: users['sales-manager'], queueId: 'leadDesk', status: 'open' });
    expect(await taskAt(ae, ids.lead, 'qualify')).toBeUndefined();
    expect(await problem(ae('POST', `/tasks/${ids.qualify}/claim`), 404)).toMatchObject({ code: 'process.task-not-found' });
    // the manager gives it back to its owner to finish
    const delegated = await ok(sm('POST', `/tasks/${ids.qualify}/delegate`, { to: users['account-executive'], comment: 'Please finish the BANT check today.' }));
    expect(delegated).toMatchObject({ assigneeId: users['account-executive'] });
    expect(await taskAt(ae, ids.lead, 'qualify', 'mine')).toBeDefined();
    expect(await taskAt(sm, ids.lead, 'qualify')).toBeUndefined();
  });

  it('refuses a wrong outcome and a missing comment at their pointers, loops back without an account and asks the manager about a weak score', async () => {
    expect(await problem(complete(ae, ids.qualify, { outcome: 'approve' }), 422)).toMatchObject({ code: 'process.outcome-unknown', errors: [{ pointer: '/outcome' }] });
    expect(await problem(complete(ae, ids.qualify, { outcome: 'disqualify' }), 422)).toMatchObject({ code: 'process.comment-required', errors: [{ pointer: '/comment' }] });

    // qualified without picking the account: the gateway sends it back to the owner
    await ok(complete(ae, ids.qualify, { outcome: 'qualify', values: { budgetConfirmed: true } }));
    const again = await taskAt(ae, ids.lead, 'qualify', 'mine');
    expect(again).toMatchObject({ assigneeId: users['account-executive'] });
    expect(again!.id).not.toBe(ids.qualify);

    const account = await ok(ae('POST', '/records/account', { name: 'Huaxin Manufacturing', accountType: 'prospect', industry: 'manufacturing', region: 'east' }), 201);
    ids.account = account.id as string;
    await ok(complete(ae, again!.id, { outcome: 'qualify', values: { convertedAccount: ids.account } }));
    expect(await ok(ae('GET', `/records/lead/${ids.lead}?fields=bantScore,convertedAccount,status`))).toMatchObject({ bantScore: 25, convertedAccount: ids.account, status: 'qualifying' });

    // BANT 25 < 50: the sales manager decides — the role resolved at the lead's unit (east) walking up to company
    const decision = await taskAt(sm, ids.lead, 'managerDecision', 'available');
    expect(decision).toMatchObject({ assigneeId: null, candidateRole: 'salesManager' });
    for (const who of [ae, legal, presales, ops]) expect(await taskAt(who, ids.lead, 'managerDecision')).toBeUndefined();
    expect(await problem(complete(sm, decision!.id, { outcome: 'drop' }), 422)).toMatchObject({ errors: [{ pointer: '/comment' }] });
    const pursued = await ok(complete(sm, decision!.id, { outcome: 'pursue', comment: 'A tender notice from a key prospect: worth it.' }));
    expect(pursued).toMatchObject({ status: 'completed', outcome: 'pursue', completedBy: users['sales-manager'], assigneeId: users['sales-manager'] });
  });

  it('converts the qualified lead into an opportunity and completes its instance', async () => {
    const instance = await instanceOf(ae, 'lead', ids.lead, 'leadQualification');
    expect(instance.progress).toMatchObject({ status: 'completed', stage: 'decided', active: [] });
    expect(stageBar(instance)).toEqual(['qualifying:done', 'decided:done']);
    expect(instance.endedAt).not.toBeNull();
    expect(await ok(ae('GET', `/records/lead/${ids.lead}?fields=status`))).toMatchObject({ status: 'qualified' });
    expect((await notificationsOf(ids.lead)).at(-1)).toEqual({ user: users['account-executive'], en: 'An opportunity was created; the go/no-go decision is next.' });

    // sales ops read everything: the opportunity the convert step created, pointing at the lead and the account
    const found = await ok<{ records: Json[] }>(ops('GET', `/records/opportunity?filter=${encodeURIComponent(`sourceLead == "${ids.lead}"`)}`));
    expect(found.records).toHaveLength(1);
    const opportunity = found.records[0]!;
    ids.opportunity = opportunity.id as string;
    expect(opportunity).toMatchObject({ name: 'MES rollout', account: ids.account, stage: 'qualify', probability: 0.1, amount: 1_800_000, budgetStatus: 'approved', closeDate: decisionDate });

    // a record a process step creates belongs to the owner and unit of the record the process runs on
    expect(opportunity).toMatchObject({ owner: users['account-executive'], orgUnit: units.east, createdBy: null });
    expect(await ok(ae('GET', `/records/opportunity/${ids.opportunity}?fields=name`))).toMatchObject({ owner: users['account-executive'], orgUnit: units.east });
  });

  it('moves the opportunity through go / no-go, discovery with the stakeholder map and the solution in parallel', async () => {
    const instance = await instanceOf(ae, 'opportunity', ids.opportunity, 'opportunityPursuit');
    instances.opportunity = instance.instanceId;
    expect(stageBar(instance)).toEqual(['qualify:current', 'discovery:upcoming', 'solution:upcoming', 'proposal:upcoming', 'negotiation:upcoming', 'closed:upcoming']);

    const goNoGo = await taskAt(sm, ids.opportunity, 'goNoGo', 'available');
    expect(goNoGo).toMatchObject({ candidateRole: 'salesManager', assigneeId: null });
    for (const who of [ae, presales, legal]) expect(await taskAt(who, ids.opportunity, 'goNoGo')).toBeUndefined();
    await ok(sm('POST', `/tasks/${goNoGo!.id}/claim`));
    await ok(complete(sm, goNoGo!.id, { outcome: 'go', comment: 'We can win and deliver this.' }));
    expect(await ok(ae('GET', `/records/opportunity/${ids.opportunity}?fields=stage,probability`))).toMatchObject({ stage: 'discovery', probability: 0.2 });

    // discovery: the economic buyer alone is not a complete map — the gateway sends it back
    const contact = await ok(ae('POST', '/records/contact', { fullName: 'Zhang Min', account: ids.account, email: 'zhang.min@huaxin.example', seniority: 'executive' }), 201);
    const champion = await ok(ae('POST', '/records/contact', { fullName: 'Li Wei', account: ids.account, email: 'li.wei@huaxin.example', seniority: 'director' }), 201);
    await ok(ae('POST', '/records/stakeholder', { opportunity: ids.opportunity, contact: contact.id, buyingRole: 'economic_buyer', attitude: 'supporter', influence: 5 }), 201);
    const discovery = await taskAt(ae, ids.opportunity, 'discovery', 'mine');
    await ok(complete(ae, discovery!.id, { outcome: 'advance' }));
    const again = await taskAt(ae, ids.opportunity, 'discovery', 'mine');
    expect(again!.id).not.toBe(discovery!.id);
    await ok(ae('POST', '/records/stakeholder', { opportunity: ids.opportunity, contact: champion.id, buyingRole: 'technical_buyer', attitude: 'champion', influence: 4 }), 201);
    await ok(complete(ae, again!.id, { outcome: 'advance' }));

    // solution: two tasks at once, both the owner's (no presales engineer named)
    const mine = (await inbox(ae, 'mine')).filter((t) => t.recordId === ids.opportunity).map((t) => t.node.id);
    expect(mine.sort()).toEqual(['businessCase', 'designSolution']);
    const design = await taskAt(ae, ids.opportunity, 'designSolution');
    // a field the step does not open and the role may only read
    expect(await problem(complete(ae, design!.id, { outcome: 'done', values: { probability: 0.9 } }), 403)).toMatchObject({
      code: 'access.field-read-only',
      errors: [{ pointer: '/values/probability' }],
    });
    await ok(complete(ae, design!.id, { outcome: 'done', values: { solutionSummary: 'MES on the group platform, two plants first.', technicalFit: 'strong', estimatedEffortDays: 240 } }));
    expect((await processes(ae, 'opportunity', ids.opportunity))[0]!.progress).toMatchObject({ stage: 'solution', active: [{ node: 'businessCase' }, { node: 'solutionJoin', waitsFor: 'join' }] });
    const businessCase = await taskAt(ae, ids.opportunity, 'businessCase');
    await ok(complete(ae, businessCase!.id, { outcome: 'done', values: { budgetStatus: 'approved', decisionProcess: 'Board approval in the second week of the month.' } }));
    expect(await ok(ae('GET', `/records/opportunity/${ids.opportunity}?fields=stage,probability,technicalFit`))).toMatchObject({ stage: 'proposal', probability: 0.5, technicalFit: 'strong' });
    const proposal = await taskAt(ae, ids.opportunity, 'prepareProposal', 'mine');
    // due 30 days before the close date, which is 20 days away: already late
    expect(proposal).toMatchObject({ overdue: true });
    ids.prepareProposal = proposal!.id;
  });

  it('submits a quote over the discount limit: the sales manager approval, reminded and then escalated to sales ops', async () => {
    const product = await ok(ops('POST', '/records/product', { name: 'MES platform licence', productCode: 'MES-1001', family: 'platform', listPrice: 1_000_000, unitCost: 300_000 }), 201);
    const quote = await ok(
      ae('POST', '/records/quote', {
        name: 'MES rollout – quote',
        opportunity: ids.opportunity,
        account: ids.account,
        discount: 0.15,
        hasNonStandardTerms: true,
        nonStandardTerms: 'Liability capped at the contract value; acceptance within 30 days.',
      }),
      201,
    );
    ids.quote = quote.id as string;
    await ok(ae('POST', '/records/quoteLine', { quote: ids.quote, product: product.id, quantity: 2, unitPrice: 1_000_000 }), 201);
    expect(await ok(ae('GET', `/records/quote/${ids.quote}?fields=subtotal,totalAmount,status`))).toMatchObject({ subtotal: 2_000_000, totalAmount: 1_700_000, status: 'draft' });

    // started by hand (the manual trigger of the account executive and the sales manager)
    expect(await problem(presales('POST', `/records/quote/${ids.quote}/process`, { process: 'quoteApproval' }), 403)).toMatchObject({ code: 'access.denied', errors: [{ pointer: '/process' }] });
    const started = await ok<{ instanceId: string }>(ae('POST', `/records/quote/${ids.quote}/process`, { process: 'quoteApproval' }), 201);
    instances.quote = started.instanceId;
    expect(await ok(ae('GET', `/records/quote/${ids.quote}?fields=status,revision`))).toMatchObject({ status: 'in_review', revision: 1 });
    expect(stageBar(await instanceOf(ae, 'quote', ids.quote, 'quoteApproval'))).toEqual(['commercial:current', 'review:upcoming', 'customer:upcoming', 'closed:upcoming']);

    // the approver: the sales manager role at the quote's unit (east) walking up — held at company
    const approval = await taskAt(sm, ids.quote, 'managerApproval', 'available');
    expect(approval).toMatchObject({ candidateRole: 'salesManager', assigneeId: null });
    for (const who of [ae, ops, finance, legal]) expect(await taskAt(who, ids.quote, 'managerApproval')).toBeUndefined();
    ids.approval = approval!.id;
    const claimed = await ok(sm('POST', `/tasks/${ids.approval}/claim`));
    expect(claimed).toMatchObject({ assigneeId: users['sales-manager'], candidateUnit: units.company });
    // the step locks the discount for everyone while it is open, even for the manager who may otherwise edit a quote in review
    expect(await problem(patch(sm, 'quote', ids.quote, { discount: 0.05 }), 403)).toMatchObject({ code: 'access.field-read-only', errors: [{ pointer: '/discount' }] });

    // eight hours later: a reminder to the assignee
    expect(await fireTimersDueWithin(d.database, instances.quote, '8 hours 1 minute')).toEqual(['done']);
    expect(await notificationsOf(ids.quote)).toEqual([{ user: users['sales-manager'], en: 'A discount waits for your approval.' }]);
    expect(await taskAt(sm, ids.quote, 'managerApproval', 'mine')).toBeDefined();

    // two days later: taken from the sales manager, given to sales ops (the role has no holder near
    // east, so its holders anywhere)
    expect(await fireTimersDueWithin(d.database, instances.quote, '2 days 1 minute')).toEqual(['done']);
    expect(await taskAt(sm, ids.quote, 'managerApproval')).toBeUndefined();
    expect(await taskAt(ops, ids.quote, 'managerApproval', 'available')).toMatchObject({ id: ids.approval, candidateRole: 'salesOps', assigneeId: null });
    expect(await problem(complete(sm, ids.approval, { outcome: 'approve' }), 404)).toMatchObject({ code: 'process.task-not-found', errors: [{ pointer: '/id' }] });
  });

  it('sales ops reject it with a comment; the owner revises and resubmits; the manager approves it with a comment', async () => {
    expect(await problem(complete(ops, ids.approval, { outcome: 'reject', comment: 'Too much.', values: { discount: 0.08 } }), 403)).toMatchObject({
      code: 'access.field-read-only',
      errors: [{ pointer: '/values/discount' }],
    });
    expect(await problem(complete(ops, ids.approval, { outcome: 'send back' }), 422)).toMatchObject({ errors: [{ pointer: '/outcome' }] });
    expect(await problem(complete(ops, ids.approval, { outcome: 'reject' }), 422)).toMatchObject({ errors: [{ pointer: '/comment' }] });
    await ok(complete(ops, ids.approval, { outcome: 'reject', comment: 'Fifteen per cent is more than this deal needs; twelve at most.' }));
    expect(await ok(ae('GET', `/records/quote/${ids.quote}?fields=status`))).toMatchObject({ status: 'rejected' });
    expect((await notificationsOf(ids.quote)).at(-1)).toEqual({ user: users['account-executive'], en: 'Your quote needs changes: see the comments, revise it and submit it again.' });

    const revise = await taskAt(ae, ids.quote, 'reviseQuote', 'mine');
    await ok(patch(ae, 'quote', ids.quote, { discount: 0.12 }));
    await ok(complete(ae, revise!.id, { outcome: 'resubmit' }));
    expect(await ok(ae('GET', `/records/quote/${ids.quote}?fields=status,revision`))).toMatchObject({ status: 'in_review', revision: 2 });

    const approval = await taskAt(sm, ids.quote, 'managerApproval', 'available');
    expect(approval!.id).not.toBe(ids.approval);
    await ok(complete(sm, approval!.id, { outcome: 'approve', comment: 'Twelve per cent for a reference plant is fine.' }));
    expect(await ok(sm('GET', `/records/quote/${ids.quote}?fields=discountApproved`))).toMatchObject({ discountApproved: true });
  });

  it('runs legal review from the contract review queue and finance review in parallel, then the customer accepts', async () => {
    // the legal review is a queue task: its member (legal counsel) sees it, other roles do not
    const review = await taskAt(legal, ids.quote, 'legalReview', 'available');
    // priority: subtotal 2M / 10k + 100 for non-standard terms
    expect(review).toMatchObject({ queueId: 'contractReview', assigneeId: null, priority: 300 });
    for (const who of [ae, sm, finance, ops, presales]) expect(await taskAt(who, ids.quote, 'legalReview')).toBeUndefined();
    await ok(legal('POST', `/tasks/${review!.id}/claim`));
    expect(await problem(complete(legal, review!.id, { outcome: 'approve', values: { nonStandardTerms: 'No cap.' } }), 403)).toMatchObject({
      errors: [{ pointer: '/values/nonStandardTerms' }],
    });
    await ok(complete(legal, review!.id, { outcome: 'approve', values: { legalComment: 'The cap is acceptable.' } }));

    const financeReview = await taskAt(finance, ids.quote, 'financeReview', 'available');
    expect(financeReview).toMatchObject({ candidateRole: 'financeController' });
    for (const who of [ae, sm, legal]) expect(await taskAt(who, ids.quote, 'financeReview')).toBeUndefined();
    await ok(complete(finance, financeReview!.id, { outcome: 'approve', values: { financeComment: 'Margin and milestones within policy.' } }));

    expect(await ok(ae('GET', `/records/quote/${ids.quote}?fields=status,legalApproved,financeApproved,legalComment,financeComment,approvedAt`))).toMatchObject({
      status: 'approved',
      legalApproved: true,
      financeApproved: true,
      legalComment: 'The cap is acceptable.',
      financeComment: 'Margin and milestones within policy.',
      approvedAt: expect.any(String),
    });
    const present = await taskAt(ae, ids.quote, 'presentQuote', 'mine');
    expect(present).toBeDefined();
    await ok(complete(ae, present!.id, { outcome: 'accepted' }));
    expect(await ok(ae('GET', `/records/quote/${ids.quote}?fields=status`))).toMatchObject({ status: 'accepted' });
    const instance = await instanceOf(ae, 'quote', ids.quote, 'quoteApproval');
    expect(instance.progress).toMatchObject({ status: 'completed', active: [] });
    expect(stageBar(instance)).toEqual(['commercial:done', 'review:done', 'customer:done', 'closed:done']);
  });

  it('wins the opportunity: negotiation, the order created, the instance completed', async () => {
    await ok(complete(ae, ids.prepareProposal, { outcome: 'submitted' }));
    expect(await ok(ae('GET', `/records/opportunity/${ids.opportunity}?fields=stage,probability`))).toMatchObject({ stage: 'negotiation', probability: 0.7 });
    const negotiate = await taskAt(ae, ids.opportunity, 'negotiate', 'mine');
    expect(await problem(complete(ae, negotiate!.id, { outcome: 'won', values: { stage: 'won' } }), 403)).toMatchObject({ errors: [{ pointer: '/values/stage' }] });
    await ok(complete(ae, negotiate!.id, { outcome: 'won' }));

    const opportunity = await ok(sm('GET', `/records/opportunity/${ids.opportunity}?fields=stage,probability,forecastCategory,closedAt`));
    expect(opportunity).toMatchObject({ stage: 'won', probability: 1, forecastCategory: 'commit', closedAt: expect.any(String) });
    const instance = await instanceOf(ae, 'opportunity', ids.opportunity, 'opportunityPursuit');
    expect(instance.progress).toMatchObject({ status: 'completed', stage: 'closed', active: [] });
    expect(instance.endedAt).not.toBeNull();

    const orders = await ok<{ records: Json[] }>(ops('GET', `/records/order?filter=${encodeURIComponent(`opportunity == "${ids.opportunity}"`)}`));
    expect(orders.records).toHaveLength(1);
    expect(orders.records[0]).toMatchObject({ account: ids.account, totalAmount: 1_800_000, status: 'draft', paymentSchedule: 'milestone_30_60_10', orderNumber: expect.stringMatching(/^CT-\d{4}-\d+$/) });
    ids.order = orders.records[0]!.id as string;
    // the order is the opportunity owner's, so they can read it and see it through signing
    expect(await ok(ae('GET', `/records/order/${ids.order}?fields=status`))).toMatchObject({ owner: users['account-executive'], orgUnit: units.east });
    expect((await notificationsOf(ids.opportunity)).map((n) => n.en)).toContain('Deal won! The contract order is ready for signing.');
    // every instance on the way has ended, none stopped by an incident
    for (const [object, id] of [['lead', ids.lead], ['opportunity', ids.opportunity], ['quote', ids.quote]] as const) {
      expect((await processes(sm, object, id)).map((p) => p.progress.status)).toEqual(['completed']);
    }
    expect(await ok(admin('GET', '/incidents'))).toEqual({ processes: [], jobs: [] });
  });

  it('keeps the history: nodes entered and left, by whom, with the outcome and whether the SLA was met', async () => {
    const lead = await events(instances.lead);
    expect(lead[0]).toMatchObject({ type: 'instance.started', actor: users['account-executive'] });
    expect(lead.at(-1)).toMatchObject({ type: 'instance.completed' });
    expect(left(lead, 'qualify').map((e) => [e.actor, e.outcome, e.details.sla])).toEqual([
      [users['account-executive'], 'qualify', 'met'],
      [users['account-executive'], 'qualify', 'met'],
    ]);
    expect(left(lead, 'managerDecision').map((e) => [e.actor, e.outcome, e.details.sla])).toEqual([[users['sales-manager'], 'pursue', 'met']]);
    expect(lead.filter((e) => e.type === 'node.entered').map((e) => e.node)).toEqual(['start', 'markQualifying', 'qualify', 'scoreGate', 'qualify', 'scoreGate', 'managerDecision', 'convert', 'endQualified']);
    expect(lead.filter((e) => e.type.startsWith('task.') && e.type !== 'task.created').map((e) => [e.type, e.details.escalation ?? e.outcome ?? null])).toEqual([
      ['task.escalated', 'remind'],
      ['task.escalated', 'toDesk'],
      ['task.reassigned', 'toDesk'],
      ['task.claimed', null],
      ['task.delegated', null],
      ['task.completed', 'qualify'],
      ['task.completed', 'qualify'],
      ['task.completed', 'pursue'],
    ]);

    const quote = await events(instances.quote);
    expect(quote[0]).toMatchObject({ type: 'instance.started', actor: users['account-executive'], details: { trigger: 'manual' } });
    expect(left(quote, 'managerApproval').map((e) => [e.actor, e.outcome])).toEqual([
      [users['sales-ops'], 'reject'],
      [users['sales-manager'], 'approve'],
    ]);
    expect(quote.filter((e) => e.type === 'task.escalated').map((e) => e.details.escalation)).toEqual(['remind', 'toSalesOps']);
    expect(quote.find((e) => e.type === 'task.reassigned')).toMatchObject({ details: { escalation: 'toSalesOps', assignee: { type: 'role', role: 'salesOps' } } });
    expect(quote.filter((e) => e.type === 'task.completed').map((e) => [e.node, e.outcome, e.details.comment ?? null])).toEqual([
      ['managerApproval', 'reject', 'Fifteen per cent is more than this deal needs; twelve at most.'],
      ['reviseQuote', 'resubmit', null],
      ['managerApproval', 'approve', 'Twelve per cent for a reference plant is fine.'],
      ['legalReview', 'approve', null],
      ['financeReview', 'approve', null],
      ['presentQuote', 'accepted', null],
    ]);
    expect(left(quote, 'legalReview').map((e) => [e.actor, e.outcome, e.details.sla])).toEqual([[users['legal-counsel'], 'approve', 'met']]);

    const opportunity = await events(instances.opportunity);
    // the proposal was due 30 days before a close date 20 days away: breached; the rest in time
    expect(left(opportunity, 'prepareProposal').map((e) => [e.actor, e.outcome, e.details.sla])).toEqual([[users['account-executive'], 'submitted', 'breached']]);
    expect(left(opportunity, 'goNoGo').map((e) => [e.actor, e.outcome, e.details.sla])).toEqual([[users['sales-manager'], 'go', 'met']]);
    expect(left(opportunity, 'negotiate').map((e) => [e.actor, e.outcome, e.details.sla])).toEqual([[users['account-executive'], 'won', 'met']]);
    expect(opportunity.filter((e) => e.type === 'stage.entered').map((e) => e.details.stage)).toEqual(['qualify', 'discovery', 'solution', 'proposal', 'negotiation', 'closed']);
  });
});
