import { describe, expect, it } from 'vitest';
import type { ExprUser } from '@mainline/expr';
import type { Process } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import type { Effect } from './effects.ts';
import { instanceProgress } from './instance-progress.ts';
import { processExprEnv } from './process-env.ts';
import { Harness, T0 } from './testing/engine-harness.ts';
import type { AssigneeTarget } from './types.ts';

/**
 * The five processes of the complex-sales template, walked from start to end by feeding events as
 * the persistence layer would (completing tasks with chosen outcomes and form values, firing
 * timers and escalations). Each advance is summed up as a trace of the effects that matter.
 */
const pkg = loadTemplate('complex-sales');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function walk(processId: string, record: Record<string, unknown>, user?: ExprUser): Harness {
  const process = pkg.processes!.find((p) => p.id === processId) as Process;
  return new Harness(process, { record, expr: processExprEnv(pkg, process), user });
}

const later = (h: Harness, ms: number): void => {
  h.now = new Date(h.now.getTime() + ms);
};

function who(t: AssigneeTarget): string {
  switch (t.type) {
    case 'user':
      return `user:${t.userId}`;
    case 'username':
      return `username:${t.username}`;
    case 'role':
      return `role:${t.role}@${t.orgUnit}`;
    case 'queue':
      return `queue:${t.queue}`;
  }
}

const day = (iso: string | null): string => (iso === null ? 'none' : iso.slice(0, 10));
const show = (v: unknown): string => (v instanceof Date ? v.toISOString() : JSON.stringify(v));

/** The effects of the last advance that matter to a reader, one line each (history events left out except stages). */
function trace(h: Harness): string[] {
  const tasks = new Map(h.log.filter((e): e is Extract<Effect, { type: 'task.create' }> => e.type === 'task.create').map((e) => [e.taskId, e.node]));
  return h.effects.flatMap((e): string[] => {
    switch (e.type) {
      case 'stage.enter':
        return [`stage ${e.stage}`];
      case 'record.update':
        return [`set ${Object.entries(e.values).map(([k, v]) => `${k}=${show(v)}`).join(' ')}`];
      case 'record.create':
        return [`create ${e.object} ${Object.entries(e.values).map(([k, v]) => `${k}=${show(v)}`).join(' ')}`];
      case 'task.create':
        return [`task ${e.node} → ${who(e.assignee)} due ${day(e.dueAt)}`];
      case 'task.complete':
        return [`complete ${e.node} ${e.outcome}${e.by.type === 'escalation' ? ` (by ${e.by.escalation})` : ''}`];
      case 'task.cancel':
        return [`cancel ${e.node}`];
      case 'task.reassign':
        return [`reassign ${e.node} → ${who(e.assignee)}`];
      case 'task.escalate':
        return [`escalate ${e.node}/${e.escalation}#${e.repeat}`];
      case 'timer.schedule':
        return [e.kind === 'node' ? `wait ${e.node} until ${e.dueAt}` : `timer ${tasks.get(e.taskId!) ?? e.node}/${e.escalation}#${e.repeat} ${day(e.dueAt)}`];
      case 'timer.cancel':
        return [`cancel timers ×${e.timerIds.length}`];
      case 'notification.send':
        return [`notify ${e.recipients.map(who).join(',')}: ${e.message.en}`];
      case 'webhook.send':
        return [`webhook ${e.url} ${JSON.stringify(e.payload)}`];
      case 'incident.raise':
        return [`incident ${e.reason} at ${e.node}`];
      case 'instance.complete':
        return ['completed'];
      case 'instance.terminate':
        return ['terminated'];
      default:
        return [];
    }
  });
}

/** Nodes a token left, in order, with the edges taken (the path of the last advance). */
const path = (h: Harness): string[] => h.effects.flatMap((e) => (e.type === 'node.leave' ? [`${e.node}${e.outcome ? `:${e.outcome}` : ''}`] : []));

describe('complex sales: lead qualification', () => {
  const lead = { projectName: 'ERP rollout', estimatedBudget: 250000, expectedDecisionDate: '2025-09-30', budgetConfirmed: true, bantScore: 40 };

  it('reminds, qualifies a weak lead through the manager, and creates the opportunity', () => {
    const h = walk('leadQualification', lead);
    h.advance({ type: 'start', trigger: 'onCreate' });
    expect(trace(h)).toEqual([
      'stage qualifying',
      'set status="qualifying"',
      'task qualify → user:u-owner due 2025-03-06',
      'timer qualify/remind#0 2025-03-05',
      'timer qualify/toDesk#0 2025-03-08',
    ]);

    h.fire(h.timer('qualify', 'remind'));
    expect(trace(h)).toEqual(['escalate qualify/remind#0', 'notify user:u-owner: Qualify this lead by tomorrow.']);

    later(h, 2 * HOUR);
    h.complete('qualify', 'qualify', { convertedAccount: 'acc-1', needConfirmed: true });
    expect(path(h)).toEqual(['qualify:qualify', 'scoreGate']);
    expect(trace(h)).toEqual(['complete qualify qualify', 'cancel timers ×1', 'task managerDecision → role:salesManager@east due 2025-03-07']);

    h.complete('managerDecision', 'pursue');
    expect(trace(h)).toEqual([
      'complete managerDecision pursue',
      'stage decided',
      'set status="qualified"',
      'create opportunity name="ERP rollout" account="acc-1" sourceLead="rec1" stage="qualify" probability=0.1 amount=250000 closeDate=2025-09-30T00:00:00.000Z budgetStatus="approved"',
      'notify user:u-owner: An opportunity was created; the go/no-go decision is next.',
      'completed',
    ]);
  });

  it('sends the task back while the account is missing, hands it to the lead desk when late, and disqualifies with a default reason', () => {
    const h = walk('leadQualification', { ...lead, bantScore: 80 });
    h.start();
    later(h, HOUR);
    h.complete('qualify', 'qualify');
    expect(path(h)).toEqual(['qualify:qualify', 'scoreGate']);
    expect(trace(h)).toEqual(['complete qualify qualify', 'cancel timers ×2', 'task qualify → user:u-owner due 2025-03-06', 'timer qualify/remind#0 2025-03-05', 'timer qualify/toDesk#0 2025-03-08']);

    h.fire(h.timer('qualify', 'remind'));
    h.fire(h.timer('qualify', 'toDesk'));
    expect(trace(h)).toEqual(['escalate qualify/toDesk#0', 'reassign qualify → queue:leadDesk']);

    h.complete('qualify', 'disqualify');
    expect(trace(h)).toEqual(['complete qualify disqualify', 'stage decided', 'set status="disqualified" disqualifyReason="no_project"', 'completed']);
    const leave = h.of('node.leave').find((e) => e.node === 'qualify')!;
    expect(leave.sla).toBe('breached');
  });
});

describe('complex sales: opportunity pursuit', () => {
  const deal = { name: 'ERP rollout', amount: 250000, closeDate: '2025-09-30', stage: 'qualify', economicBuyerCount: 0, championCount: 0, tenderRequired: true, tenderDeadline: null };

  it('goes from go/no-go through discovery, the parallel solution work, a tender and a revised proposal to a won deal', () => {
    const h = walk('opportunityPursuit', deal);
    h.advance({ type: 'start', trigger: 'onCreate' });
    expect(trace(h)).toEqual([
      'stage qualify',
      'task goNoGo → role:salesManager@east due 2025-03-06',
      'timer goNoGo/remind#0 2025-03-05',
      'timer goNoGo/toSalesOps#0 2025-03-08',
    ]);

    h.complete('goNoGo', 'go');
    expect(trace(h)).toEqual(['complete goNoGo go', 'cancel timers ×2', 'stage discovery', 'set stage="discovery" probability=0.2', 'task discovery → user:u-owner due 2025-04-02', 'timer discovery/slow#0 2025-03-24']);

    h.complete('discovery', 'advance', { economicBuyerCount: 1 }); // no champion yet: back to discovery
    expect(path(h)).toEqual(['discovery:advance', 'mapGate']);
    expect(h.openTasks).toEqual(['discovery']);

    h.complete('discovery', 'advance', { championCount: 2 });
    expect(trace(h)).toEqual([
      'complete discovery advance',
      'cancel timers ×1',
      'stage solution',
      'set stage="solution" probability=0.35',
      'task designSolution → user:u-owner due 2025-03-17',
      'timer designSolution/remind#0 2025-03-13',
      'task businessCase → user:u-owner due 2025-03-17',
    ]);

    h.record.presalesEngineer = 'u-presales'; // not used: the task exists already
    h.complete('businessCase', 'done', { tenderDeadline: '2025-05-15T10:00:00Z' });
    expect(h.current.joins).toEqual({ solutionJoin: { e11: 1 } });
    h.complete('designSolution', 'done');
    expect(trace(h)).toEqual([
      'complete designSolution done',
      'cancel timers ×1',
      'stage proposal',
      'set stage="proposal" probability=0.5',
      'task prepareProposal → user:u-owner due 2025-05-15',
      'timer prepareProposal/remind#0 2025-03-13',
    ]);

    h.fire(h.timer('prepareProposal', 'remind'));
    expect(trace(h)).toEqual(['escalate prepareProposal/remind#0', 'notify user:u-owner,role:salesManager@east: The proposal is still being prepared.', 'timer prepareProposal/remind#1 2025-03-18']);
    h.fire(h.timer('prepareProposal', 'remind'));
    expect(trace(h)).toContain('timer prepareProposal/remind#2 2025-03-23');

    later(h, DAY);
    h.complete('prepareProposal', 'submitted');
    expect(path(h)).toEqual(['prepareProposal:submitted', 'tenderGate']);
    expect(trace(h)).toEqual(['complete prepareProposal submitted', 'cancel timers ×1', 'wait waitBidOpening until 2025-05-16T10:00:00.000Z']);

    h.fire(h.timer('waitBidOpening'));
    expect(trace(h)).toEqual(['stage negotiation', 'set stage="negotiation" probability=0.7', 'task negotiate → user:u-owner due 2025-09-30', 'timer negotiate/stalled#0 2025-06-15']);

    h.complete('negotiate', 'revise', { tenderRequired: false });
    expect(trace(h)).toEqual(['complete negotiate revise', 'cancel timers ×1', 'stage proposal', 'task prepareProposal → user:u-owner due 2025-05-15', 'timer prepareProposal/remind#0 2025-05-26']);
    h.complete('prepareProposal', 'submitted');
    expect(path(h)).toEqual(['prepareProposal:submitted', 'tenderGate', 'toNegotiation']);

    h.complete('negotiate', 'won');
    expect(trace(h)).toEqual([
      'complete negotiate won',
      'cancel timers ×1',
      'stage closed',
      `set stage="won" probability=1 closedAt=${h.now.toISOString()} forecastCategory="commit"`,
      'create order account=null opportunity="rec1" totalAmount=250000 status="draft" paymentSchedule="milestone_30_60_10"',
      'notify user:u-owner,role:salesManager@east,role:salesOps@east: Deal won! The contract order is ready for signing.',
      'completed',
    ]);
    expect(instanceProgress(h.process, h.current).stages.every((s) => s.state === 'done')).toBe(true);
  });

  it('records a loss: the reason is asked again until it is given', () => {
    const h = walk('opportunityPursuit', deal);
    h.start();
    h.fire(h.timer('goNoGo', 'remind'));
    expect(trace(h)).toEqual(['escalate goNoGo/remind#0', 'notify role:salesManager@east,user:u-owner: The go/no-go decision is due tomorrow.']);
    h.fire(h.timer('goNoGo', 'toSalesOps'));
    expect(trace(h)).toEqual(['escalate goNoGo/toSalesOps#0', 'reassign goNoGo → role:salesOps@east']);
    h.complete('goNoGo', 'noGo');
    expect(trace(h)).toEqual(['complete goNoGo noGo', 'stage closed', 'task recordLoss → user:u-owner due none']);
    h.complete('recordLoss', 'confirm');
    expect(path(h)).toEqual(['recordLoss:confirm', 'lossGate']);
    expect(h.openTasks).toEqual(['recordLoss']);
    h.complete('recordLoss', 'confirm', { lostReason: 'price' });
    expect(trace(h)).toEqual(['complete recordLoss confirm', `set stage="lost" probability=0 closedAt=${h.now.toISOString()} forecastCategory="omitted"`, 'completed']);
  });
});

describe('complex sales: quote approval', () => {
  const quote = { name: 'Q-1', status: 'draft', subtotal: 100000, discount: 0.15, hasNonStandardTerms: true, validUntil: '2025-04-30', revision: null };

  it('escalates the manager approval, lapses the finance review to a rejection, sends the quote back, and approves the revision', () => {
    const h = walk('quoteApproval', quote);
    h.start();
    expect(trace(h)).toEqual([
      'stage commercial',
      'set status="in_review" revision=1 discountApproved=false legalApproved=false financeApproved=false',
      'task managerApproval → role:salesManager@east due 2025-03-04',
      'timer managerApproval/remind#0 2025-03-03',
      'timer managerApproval/toSalesOps#0 2025-03-05',
    ]);
    expect(h.current.timers.map((t) => t.dueAt)).toEqual([new Date(T0.getTime() + 8 * HOUR).toISOString(), new Date(T0.getTime() + 2 * DAY).toISOString()]);

    h.fire(h.timer('managerApproval', 'remind'));
    expect(trace(h)).toEqual(['escalate managerApproval/remind#0', 'notify role:salesManager@east: A discount waits for your approval.']);
    h.fire(h.timer('managerApproval', 'toSalesOps'));
    expect(trace(h)).toEqual(['escalate managerApproval/toSalesOps#0', 'reassign managerApproval → role:salesOps@east']);

    h.complete('managerApproval', 'approve');
    expect(trace(h)).toEqual([
      'complete managerApproval approve',
      'stage review',
      'set discountApproved=true',
      'task financeReview → role:financeController@east due 2025-03-07', // the fork's second edge, one step away
      'timer financeReview/remind#0 2025-03-06',
      'timer financeReview/lapse#0 2025-03-10',
      'task legalReview → queue:contractReview due 2025-03-07', // behind termsGate
      'timer legalReview/remind#0 2025-03-06',
    ]);

    h.fire(h.timer('financeReview', 'remind'));
    h.fire(h.timer('financeReview', 'lapse'));
    expect(trace(h)).toEqual(['escalate financeReview/lapse#0', 'complete financeReview reject (by lapse)']);
    expect(path(h)).toEqual(['financeReview:reject', 'financeDone', 'reviewJoin']); // absorbed: the join waits for legal
    expect(h.current.joins).toEqual({ reviewJoin: { e15: 1 } });
    expect(h.of('node.leave')[0]!.sla).toBe('breached');

    h.complete('legalReview', 'approve');
    expect(path(h)).toEqual(['legalReview:approve', 'legalOk', 'legalDone', 'reviewJoin', 'decisionGate', 'markRejected']);
    expect(trace(h)).toEqual([
      'complete legalReview approve',
      'cancel timers ×1',
      'set legalApproved=true',
      'stage commercial',
      'set status="rejected"',
      'notify user:u-owner: Your quote needs changes: see the comments, revise it and submit it again.',
      'task reviseQuote → user:u-owner due 2025-03-15',
    ]);

    h.complete('reviseQuote', 'resubmit', { discount: 0.05, hasNonStandardTerms: false });
    expect(path(h)).toEqual(['reviseQuote:resubmit', 'submit', 'discountGate', 'commercialOk', 'reviewFork', 'termsGate', 'legalOk', 'legalDone', 'reviewJoin']);
    expect(trace(h)).toEqual([
      'complete reviseQuote resubmit',
      'set status="in_review" revision=2 discountApproved=false legalApproved=false financeApproved=false',
      'stage review',
      'set discountApproved=false',
      'task financeReview → role:financeController@east due 2025-03-12',
      'timer financeReview/remind#0 2025-03-11',
      'timer financeReview/lapse#0 2025-03-15',
      'set legalApproved=true',
    ]);
    expect(h.current.joins).toEqual({ reviewJoin: { e11: 1 } });

    h.complete('financeReview', 'approve');
    expect(trace(h)).toEqual([
      'complete financeReview approve',
      'cancel timers ×2',
      'set financeApproved=true',
      'stage customer',
      `set status="approved" approvedAt=${h.now.toISOString()}`,
      'notify user:u-owner: Your quote is approved and can go to the customer.',
      'task presentQuote → user:u-owner due 2025-04-30',
      'timer presentQuote/followUp#0 2025-03-24',
    ]);

    h.fire(h.timer('presentQuote', 'followUp'));
    expect(trace(h)).toEqual(['escalate presentQuote/followUp#0', 'notify user:u-owner: Follow up the quote with the customer.', 'timer presentQuote/followUp#1 2025-03-31']);
    h.complete('presentQuote', 'accepted');
    expect(trace(h)).toEqual(['complete presentQuote accepted', 'cancel timers ×1', 'stage closed', 'set status="accepted"', 'notify user:u-owner: The customer accepted the quote: close the opportunity as won.', 'completed']);
    expect(h.of('node.leave')[0]!.sla).toBe('met');
  });

  it('can be withdrawn after a rejection', () => {
    const h = walk('quoteApproval', { ...quote, discount: 0.3 });
    h.start();
    h.complete('managerApproval', 'reject');
    expect(trace(h)).toEqual(['complete managerApproval reject', 'cancel timers ×2', 'set status="rejected"', 'notify user:u-owner: Your quote needs changes: see the comments, revise it and submit it again.', 'task reviseQuote → user:u-owner due 2025-03-08']);
    h.complete('reviseQuote', 'withdraw');
    expect(path(h)).toEqual(['reviseQuote:withdraw', 'endWithdrawn']);
    expect(h.current.status).toBe('completed');
  });
});

describe('complex sales: contract delivery', () => {
  const order = { orderNumber: 'C-2025-001', account: 'acc-1', totalAmount: 250000, paymentSchedule: 'milestone_30_60_10', signedDate: '2025-03-01', status: 'signed', projectManager: null, goLiveDate: null };

  it('sends the contract to the ERP, insists on a project manager, waits for go-live and loops through open issues to acceptance', () => {
    const h = walk('contractDelivery', order);
    h.advance({ type: 'start', trigger: 'onUpdate' });
    expect(trace(h)).toEqual([
      'stage kickoff',
      'webhook https://erp.example.com/api/mainline/contracts {"contractNumber":"C-2025-001","account":"acc-1","amount":250000,"paymentSchedule":"milestone_30_60_10","signedDate":"2025-03-01T00:00:00.000Z"}',
      'task staffProject → role:salesOps@east due 2025-03-06',
      'timer staffProject/remind#0 2025-03-05',
    ]);
    expect(h.of('webhook.send')[0]).toMatchObject({ secret: 'ERP_WEBHOOK_SECRET', record: expect.objectContaining({ orderNumber: 'C-2025-001' }) });

    h.complete('staffProject', 'staffed');
    expect(path(h)).toEqual(['staffProject:staffed', 'pmGate']);
    expect(h.openTasks).toEqual(['staffProject']);

    h.complete('staffProject', 'staffed', { projectManager: 'u-pm', goLiveDate: '2025-06-01' });
    expect(trace(h)).toEqual([
      'complete staffProject staffed',
      'cancel timers ×1',
      'stage delivery',
      'set status="in_delivery"',
      'notify role:financeController@east: A contract started delivery: bill the first milestone.',
      'wait waitGoLive until 2025-06-01T00:00:00.000Z',
    ]);

    h.fire(h.timer('waitGoLive'));
    expect(trace(h)).toEqual(['stage acceptance', 'task customerAcceptance → user:u-pm due 2025-06-15', 'timer customerAcceptance/remind#0 2025-06-08', 'timer customerAcceptance/toManager#0 2025-06-22']);

    h.complete('customerAcceptance', 'issues');
    expect(trace(h)).toEqual(['complete customerAcceptance issues', 'cancel timers ×2', 'task fixIssues → user:u-pm due 2025-06-15']);
    later(h, 3 * DAY);
    h.complete('fixIssues', 'fixed');
    h.complete('customerAcceptance', 'accepted');
    expect(trace(h)).toEqual([
      'complete customerAcceptance accepted',
      'cancel timers ×2',
      `set status="accepted" acceptanceDate=${new Date(Date.UTC(2025, 5, 4)).toISOString()}`,
      'notify user:u-owner,role:financeController@east: The customer accepted the project: bill the final milestone.',
      'completed',
    ]);
  });

  it('waits three months when no go-live date is set', () => {
    const h = walk('contractDelivery', { ...order, projectManager: 'u-pm' });
    h.start();
    h.complete('staffProject', 'staffed');
    expect(h.of('timer.schedule')).toEqual([expect.objectContaining({ node: 'waitGoLive', dueAt: '2025-06-03T00:00:00.000Z' })]);
  });
});

describe('complex sales: stale stakeholder reminder', () => {
  it('notifies the owner and ends in the advance that started it', () => {
    const h = walk('staleStakeholderReminder', { stillInvolved: true, influence: 5 });
    h.advance({ type: 'start', trigger: 'scheduled' });
    expect(trace(h)).toEqual(['notify user:u-owner: You have not met this influential stakeholder for 30 days.', 'completed']);
    expect(h.current.status).toBe('completed');
  });
});
