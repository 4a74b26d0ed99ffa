import { ACCOUNT_A_NAME, RETIRED_FIELD, REVIEW_OUTCOME, REVIEW_PROCESS, UNIT_ROLE, type Caller, type World } from './authorization-matrix-world.ts';
import { rowsOf, type OutcomeRules, type TrpcRequest } from './authorization-matrix-outcomes.ts';

/**
 * What the authorization matrix sends to each tRPC procedure: the same realistic requests as
 * over REST, as the procedures take them. Keys are the procedure's path, optionally with a
 * ` [variant]` for a second case.
 */
export interface TrpcCase extends OutcomeRules {
  request(w: World, caller: Caller): TrpcRequest | Promise<TrpcRequest>;
}

/** A's account by its id: a system field, never hidden, so that the filter itself is no field-access question. */
const accountA = (w: World) => `id == "${w.accountA}"`;
const strongPassword = () => `Matrix-${Math.random().toString(36).slice(2)}-pw-42`;
const self = (w: World, caller: Caller) => caller.user ?? w.victim;
const input = (value: unknown): TrpcRequest => ({ input: value });

export const trpcCases: Record<string, TrpcCase> = {
  // ── public and session ────────────────────────────────────────────────────────────
  health: { request: () => ({}) },
  'auth.login': { request: (w, c) => input({ username: self(w, c).username, password: self(w, c).password }) },
  'auth.logout': { request: async (w, c) => (c.user ? { as: await w.fresh.session(c) } : {}) },
  'auth.session': { request: () => ({}) },
  'auth.changePassword': {
    async request(w, c) {
      if (!c.user) return input({ currentPassword: w.victim.password, newPassword: strongPassword() });
      const twin = await w.fresh.twin(c);
      return { input: { currentPassword: twin.password, newPassword: strongPassword() }, as: twin.session };
    },
  },

  // ── API tokens ───────────────────────────────────────────────────────────────────
  'auth.tokens.list': { request: () => input({}) },
  'auth.tokens.list [another user]': { request: (w) => input({ userId: w.victim.id }) },
  'auth.tokens.create': { request: (w) => input({ name: w.fresh.name('matrix own token') }) },
  'auth.tokens.create [another user]': { request: (w) => input({ name: w.fresh.name('matrix token for victim'), userId: w.victim.id }) },
  'auth.tokens.revoke': { request: async (w, c) => input({ id: await w.fresh.token(self(w, c).id) }) },
  'auth.tokens.revoke [another user]': { request: async (w) => input({ id: await w.fresh.token(w.victim.id) }) },

  // ── configuration ─────────────────────────────────────────────────────────────────
  'config.current': { request: () => ({}) },
  'config.plan': { request: (w) => input({ package: w.currentPackage }) },
  'config.publish': { request: (w) => input({ package: w.currentPackage, message: 'matrix: unchanged' }) },
  'config.listVersions': { request: () => ({}), rows: (data) => (data as { versions: unknown[] }).versions.length },
  'config.getVersion': { request: (w) => input({ versionId: w.versions.current }) },
  'config.diffVersions': { request: (w) => input({ from: w.versions.first, to: w.versions.current }) },
  'config.extendRollout': { request: (w) => input({ versionId: w.versions.current, units: [w.units.b.id], dryRun: true }) },
  'config.promoteRollout': { request: (w) => input({ versionId: w.versions.first, dryRun: true }) },
  'config.rollback': { request: () => input({ dryRun: true }) },
  'config.purge': { request: () => input({ object: 'account', field: RETIRED_FIELD }), passes: { status: 409, code: 'config.purge.confirmation-required' } },

  // ── organisation ──────────────────────────────────────────────────────────────────
  'org.units.list': { request: () => input({}) },
  'org.units.create': { request: (w) => input({ code: w.fresh.name('matrix-new-unit'), name: { en: 'New unit' }, parentId: w.units.hq.id }) },
  'org.units.update': { request: async (w) => input({ unitId: (await w.fresh.unit()).id, name: { en: 'Renamed by the matrix' } }) },
  'org.units.retire': { request: async (w) => input({ unitId: (await w.fresh.unit()).id }) },
  'org.units.import': { request: (w) => input({ csv: `code,parent_code,name_en,name_zh\n${w.fresh.name('matrix-imported-unit')},matrix-hq,Imported,\n`, dryRun: true }) },
  'org.users.list': { request: () => input({}) },
  'org.users.create': { request: (w) => input({ username: w.fresh.name('matrix-created'), displayName: 'Created by the matrix', orgUnitId: w.units.a.id, password: strongPassword() }) },
  'org.users.setPermissions': { request: (w) => input({ userId: w.target.id, permissions: ['editDrafts'] }) },
  'org.users.disable': { request: (w) => input({ userId: w.target.id }) },
  'org.users.enable': { request: (w) => input({ userId: w.target.id }) },
  'org.users.import': {
    request: (w) => input({ csv: `username,display_name,email,locale,org_unit_code,roles,password\n${w.fresh.name('matrix-imported')},Imported,,en,matrix-a,,${strongPassword()}\n`, dryRun: true }),
  },
  'org.roles.assign': { request: (w) => input({ userId: w.target.id, roleId: UNIT_ROLE, orgUnitId: w.units.b.id }) },
  'org.roles.unassign': { request: async (w) => input({ assignmentId: await w.fresh.assignment() }) },

  // ── access explained ──────────────────────────────────────────────────────────────
  'access.explain': { request: (w) => input({ user: w.callers.scoped.user!.username, object: 'account' }) },
  'access.handOver': {
    request: (w) => input({ from: w.callers.scoped.user!.id, to: w.victim.id, objects: ['account'], dryRun: true }),
    rows: (data) => (data as { records: { total: number } }).records.total,
  },
  'access.explain [a record]': { request: (w) => input({ user: w.callers.scoped.user!.username, object: 'account', record: w.accountA }) },

  // ── records ───────────────────────────────────────────────────────────────────────
  'records.list': { request: (w) => input({ object: 'account', filter: accountA(w) }), rows: rowsOf.page },
  'records.list [filter on a field]': { request: () => input({ object: 'account', filter: `name == "${ACCOUNT_A_NAME}"` }), rows: rowsOf.page },
  'records.list [object without a grant]': { request: () => input({ object: 'secret' }), rows: rowsOf.page },
  'records.get': { request: (w) => input({ object: 'account', id: w.accountA }) },
  'records.related': { request: (w) => input({ object: 'account', id: w.accountA, relatedObject: 'contact' }), rows: rowsOf.page },
  'records.search': { request: () => input({ q: ACCOUNT_A_NAME, objects: ['account'] }), rows: rowsOf.list },
  'records.aggregate': { request: (w) => input({ object: 'account', filter: accountA(w), groupBy: [], measures: [{ fn: 'count' }] }), rows: rowsOf.count },
  'records.history': { request: (w) => input({ object: 'account', id: w.accountA }), rows: rowsOf.list },
  'records.create': { request: (w) => input({ object: 'account', values: { name: w.fresh.name('Matrix created account') } }) },
  'records.update': { request: async (w) => input({ object: 'account', id: await w.fresh.account(), rowVersion: 1, values: { note: 'updated by the matrix' } }) },
  'records.delete': { request: async (w) => input({ object: 'account', id: await w.fresh.account() }) },
  'records.transfer': { request: async (w) => input({ object: 'account', id: await w.fresh.account(), rowVersion: 1, owner: w.victim.id }) },
  'records.restore': { request: async (w) => input({ object: 'account', id: await w.fresh.deletedAccount() }) },
  // only what the caller may read and update: the other unit's user matches nothing
  'records.bulkUpdate': { request: (w) => input({ object: 'account', filter: accountA(w), values: { note: 'bulk-updated by the matrix' } }), rows: rowsOf.bulk },

  // ── processes ─────────────────────────────────────────────────────────────────────
  'process.tasks.list': { request: () => input({ view: 'all', limit: 20 }), rows: rowsOf.list },
  'process.tasks.claim': { request: async (w) => input({ id: await w.fresh.task() }) },
  'process.tasks.unclaim': { request: async (w) => input({ id: await w.fresh.task(true) }) },
  'process.tasks.delegate': { request: async (w) => input({ id: await w.fresh.task(true), to: w.victim.id, comment: 'over to you' }) },
  'process.tasks.complete': { request: async (w) => input({ id: await w.fresh.task(), outcome: REVIEW_OUTCOME, values: { note: 'reviewed by the matrix' } }) },
  'process.instances.list': { request: (w) => input({ object: 'account', id: w.accountA }), rows: rowsOf.list },
  'process.instances.start': { request: async (w) => input({ object: 'account', id: await w.fresh.account(), process: REVIEW_PROCESS }) },
  'process.incidents.list': { request: () => ({}) },
  'process.incidents.retry': { request: async (w) => input(await w.fresh.incident()) },
  'process.instances.migrate': { request: (w) => input({ process: REVIEW_PROCESS, from: w.versions.first, to: w.versions.current, dryRun: true }) },
};
