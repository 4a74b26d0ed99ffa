import { ACCOUNT_A_NAME, RETIRED_FIELD, REVIEW_OUTCOME, REVIEW_PROCESS, UNIT_ROLE, type Caller, type World } from './authorization-matrix-world.ts';
import { rowsOf, type OutcomeRules, type RestRequest } from './authorization-matrix-outcomes.ts';

/**
 * What the authorization matrix sends to each REST route: a realistic request per caller, with
 * path parameters pointing at records and fixtures of the world, so that "allowed" means the
 * handler ran. Keys are `METHOD /path` as the server registers the route, optionally with a
 * ` [variant]` for a second case of the same route. Requests that use something up (delete,
 * retire, logout, password change) get a fresh fixture for every caller.
 */
export interface RestCase extends OutcomeRules {
  request(w: World, caller: Caller): RestRequest | Promise<RestRequest>;
}

const api = '/api/v1';
const q = encodeURIComponent;
/** A's account by its id: a system field, never hidden, so that the filter itself is no field-access question. */
const accountA = (w: World) => `id == "${w.accountA}"`;
const strongPassword = () => `Matrix-${Math.random().toString(36).slice(2)}-pw-42`;
const get = (url: string): RestRequest => ({ method: 'GET', url: `${api}${url}` });
const post = (url: string, payload?: unknown): RestRequest => ({ method: 'POST', url: `${api}${url}`, ...(payload === undefined ? {} : { payload }) });
/** The caller's own user, or for the anonymous caller someone else's: they have none. */
const self = (w: World, caller: Caller) => caller.user ?? w.victim;

export const restCases: Record<string, RestCase> = {
  // ── public and session ────────────────────────────────────────────────────────────
  'GET /api/v1/health': { request: () => get('/health') },
  'POST /api/v1/auth/login': { request: (w, c) => post('/auth/login', { username: self(w, c).username, password: self(w, c).password }) },
  'POST /api/v1/auth/logout': { request: async (w, c) => ({ ...post('/auth/logout'), ...(c.user ? { as: await w.fresh.session(c) } : {}) }) },
  'GET /api/v1/auth/session': { request: () => get('/auth/session') },
  'POST /api/v1/auth/password': {
    async request(w, c) {
      if (!c.user) return post('/auth/password', { currentPassword: w.victim.password, newPassword: strongPassword() });
      const twin = await w.fresh.twin(c);
      return { ...post('/auth/password', { currentPassword: twin.password, newPassword: strongPassword() }), as: twin.session };
    },
  },

  // ── API tokens: one's own, and another user's (manageUsers) ─────────────────────────
  'GET /api/v1/auth/tokens': { request: () => get('/auth/tokens') },
  'GET /api/v1/auth/tokens [another user]': { request: (w) => get(`/auth/tokens?userId=${w.victim.id}`) },
  'POST /api/v1/auth/tokens': { request: (w) => post('/auth/tokens', { name: w.fresh.name('matrix own token') }) },
  'POST /api/v1/auth/tokens [another user]': { request: (w) => post('/auth/tokens', { name: w.fresh.name('matrix token for victim'), userId: w.victim.id }) },
  'DELETE /api/v1/auth/tokens/:id': { request: async (w, c) => ({ method: 'DELETE', url: `${api}/auth/tokens/${await w.fresh.token(self(w, c).id)}` }) },
  'DELETE /api/v1/auth/tokens/:id [another user]': { request: async (w) => ({ method: 'DELETE', url: `${api}/auth/tokens/${await w.fresh.token(w.victim.id)}` }) },

  // ── users (manageUsers) ───────────────────────────────────────────────────────────
  'GET /api/v1/admin/users': { request: () => get('/admin/users') },
  'POST /api/v1/admin/users': {
    request: (w) => post('/admin/users', { username: w.fresh.name('matrix-created'), displayName: 'Created by the matrix', orgUnitId: w.units.a.id, password: strongPassword() }),
  },
  'PUT /api/v1/admin/users/:userId/permissions': { request: (w) => ({ method: 'PUT', url: `${api}/admin/users/${w.target.id}/permissions`, payload: { permissions: ['editDrafts'] } }) },
  'POST /api/v1/admin/users/:userId/disable': { request: (w) => post(`/admin/users/${w.target.id}/disable`) },
  'POST /api/v1/admin/users/:userId/enable': { request: (w) => post(`/admin/users/${w.target.id}/enable`) },

  // ── org units and role assignments (reading: anyone signed in; writing: manageUsers) ──
  'GET /api/v1/org/units': { request: () => get('/org/units') },
  'POST /api/v1/org/units': { request: (w) => post('/org/units', { code: w.fresh.name('matrix-new-unit'), name: { en: 'New unit' }, parentId: w.units.hq.id }) },
  'PATCH /api/v1/org/units/:unitId': { request: async (w) => ({ method: 'PATCH', url: `${api}/org/units/${(await w.fresh.unit()).id}`, payload: { name: { en: 'Renamed by the matrix' } } }) },
  'POST /api/v1/org/units/:unitId/retire': { request: async (w) => post(`/org/units/${(await w.fresh.unit()).id}/retire`) },
  'POST /api/v1/org/units/import': { request: (w) => post('/org/units/import?dryRun=true', { csv: `code,parent_code,name_en,name_zh\n${w.fresh.name('matrix-imported-unit')},matrix-hq,Imported,\n` }) },
  'POST /api/v1/org/users/import': {
    request: (w) => post('/org/users/import?dryRun=true', { csv: `username,display_name,email,locale,org_unit_code,roles,password\n${w.fresh.name('matrix-imported')},Imported,,en,matrix-a,,${strongPassword()}\n` }),
  },
  'POST /api/v1/org/role-assignments': { request: (w) => post('/org/role-assignments', { userId: w.target.id, roleId: UNIT_ROLE, orgUnitId: w.units.b.id }) },
  'DELETE /api/v1/org/role-assignments/:assignmentId': { request: async (w) => ({ method: 'DELETE', url: `${api}/org/role-assignments/${await w.fresh.assignment()}` }) },

  // ── access explained (manageUsers or editDrafts) ──────────────────────────────────
  'GET /api/v1/access/explain': { request: (w) => get(`/access/explain?user=${w.callers.scoped.user!.username}&object=account`) },
  // a dry run: counts the scoped user's accounts the caller may read and transfer, moves nothing
  'POST /api/v1/access/handover': {
    request: (w) => post('/access/handover', { from: w.callers.scoped.user!.id, to: w.victim.id, objects: ['account'], dryRun: true }),
    rows: (data) => (data as { records: { total: number } }).records.total,
  },
  'GET /api/v1/access/explain [a record]': { request: (w) => get(`/access/explain?user=${w.callers.scoped.user!.username}&object=account&record=${w.accountA}`) },

  // ── configuration (reading versions: editDrafts or publish; changing: publish) ──────
  'GET /api/v1/config/current': { request: () => get('/config/current') },
  'GET /api/v1/openapi.json': { request: () => get('/openapi.json') },
  'POST /api/v1/config/plan': { request: (w) => post('/config/plan', { package: w.currentPackage }) },
  // the package in force again: allowed, it publishes nothing (200, applied: false)
  'POST /api/v1/config/versions': { request: (w) => post('/config/versions', { package: w.currentPackage, message: 'matrix: unchanged' }) },
  'GET /api/v1/config/versions': { request: () => get('/config/versions'), rows: (data) => (data as { versions: unknown[] }).versions.length },
  'GET /api/v1/config/versions/:versionId': { request: (w) => get(`/config/versions/${w.versions.current}`) },
  'GET /api/v1/config/versions/:versionId/diff': { request: (w) => get(`/config/versions/${w.versions.current}/diff`) },
  'GET /api/v1/config/versions/:versionId/diff/:base': { request: (w) => get(`/config/versions/${w.versions.current}/diff/${w.versions.first}`) },
  'POST /api/v1/config/versions/:versionId/rollout': { request: (w) => post(`/config/versions/${w.versions.current}/rollout?dryRun=true`, { units: [w.units.b.id] }) },
  'POST /api/v1/config/versions/:versionId/promote': { request: (w) => post(`/config/versions/${w.versions.first}/promote?dryRun=true`) },
  'POST /api/v1/config/rollback': { request: () => post('/config/rollback?dryRun=true') },
  // without confirm: the preview of what would go, as 409 — only after the permission check
  'POST /api/v1/config/purge': { request: () => post('/config/purge', { object: 'account', field: RETIRED_FIELD }), passes: { status: 409, code: 'config.purge.confirmation-required' } },

  // ── records (business roles) ────────────────────────────────────────────────────────
  'GET /api/v1/records/:object': { request: (w) => get(`/records/account?filter=${q(accountA(w))}`), rows: rowsOf.page },
  'GET /api/v1/records/:object [filter on a field]': { request: () => get(`/records/account?filter=${q(`name == "${ACCOUNT_A_NAME}"`)}`), rows: rowsOf.page },
  'GET /api/v1/records/:object [object without a grant]': { request: () => get('/records/secret'), rows: rowsOf.page },
  'POST /api/v1/records/:object': { request: (w) => post('/records/account', { name: w.fresh.name('Matrix created account') }) },
  'POST /api/v1/records/:object/aggregate': { request: (w) => post('/records/account/aggregate', { filter: accountA(w), groupBy: [], measures: [{ fn: 'count' }] }), rows: rowsOf.count },
  'GET /api/v1/records/:object/export.csv': { request: (w) => get(`/records/account/export.csv?filter=${q(accountA(w))}`), rows: rowsOf.csv },
  'POST /api/v1/records/:object/imports': {
    request: (w) => ({ ...post('/records/account/imports?dryRun=true', `name,note\n${w.fresh.name('Matrix imported account')},dry run\n`), headers: { 'content-type': 'text/csv' } }),
  },
  'POST /api/v1/records/:object/imports [create but no import grant]': {
    request: (w) => ({ ...post(`/records/contact/imports?dryRun=true`, `fullName,account\n${w.fresh.name('Matrix imported contact')},${w.accountA}\n`), headers: { 'content-type': 'text/csv' } }),
  },
  'GET /api/v1/imports/:id': { request: (w) => get(`/imports/${w.importJobA}`) },
  'GET /api/v1/records/:object/:id': { request: (w) => get(`/records/account/${w.accountA}`) },
  'PATCH /api/v1/records/:object/:id': {
    request: async (w) => ({ method: 'PATCH', url: `${api}/records/account/${await w.fresh.account()}`, payload: { note: 'patched by the matrix' }, headers: { 'if-match': '"1"' } }),
  },
  'DELETE /api/v1/records/:object/:id': { request: async (w) => ({ method: 'DELETE', url: `${api}/records/account/${await w.fresh.account()}` }) },
  'POST /api/v1/records/:object/:id/transfer': {
    request: async (w) => ({ ...post(`/records/account/${await w.fresh.account()}/transfer`, { owner: w.victim.id }), headers: { 'if-match': '"1"' } }),
  },
  'POST /api/v1/records/:object/:id/restore': { request: async (w) => post(`/records/account/${await w.fresh.deletedAccount()}/restore`) },
  'GET /api/v1/records/:object/:id/history': { request: (w) => get(`/records/account/${w.accountA}/history`), rows: rowsOf.list },
  'GET /api/v1/records/:object/:id/related/:relatedObject': { request: (w) => get(`/records/account/${w.accountA}/related/contact`), rows: rowsOf.page },
  'GET /api/v1/search': { request: () => get(`/search?q=${q(ACCOUNT_A_NAME)}&objects=account`), rows: rowsOf.list },

  // ── processes: the inbox, task actions (fresh tasks of A's role), a record's processes, incidents ──
  'GET /api/v1/tasks': { request: () => get('/tasks?view=all&limit=20'), rows: rowsOf.list },
  'POST /api/v1/tasks/:id/claim': { request: async (w) => post(`/tasks/${await w.fresh.task()}/claim`) },
  'POST /api/v1/tasks/:id/unclaim': { request: async (w) => post(`/tasks/${await w.fresh.task(true)}/unclaim`) },
  'POST /api/v1/tasks/:id/delegate': { request: async (w) => post(`/tasks/${await w.fresh.task(true)}/delegate`, { to: w.victim.id, comment: 'over to you' }) },
  'POST /api/v1/tasks/:id/complete': { request: async (w) => post(`/tasks/${await w.fresh.task()}/complete`, { outcome: REVIEW_OUTCOME, values: { note: 'reviewed by the matrix' } }) },
  'GET /api/v1/records/:object/:id/process': { request: (w) => get(`/records/account/${w.accountA}/process`), rows: rowsOf.list },
  'POST /api/v1/records/:object/:id/process': { request: async (w) => post(`/records/account/${await w.fresh.account()}/process`, { process: REVIEW_PROCESS }) },
  'GET /api/v1/incidents': { request: () => get('/incidents') },
  'POST /api/v1/incidents/retry': { request: async (w) => post('/incidents/retry', await w.fresh.incident()) },
  'POST /api/v1/processes/:process/migrate': { request: (w) => post(`/processes/${REVIEW_PROCESS}/migrate`, { from: w.versions.first, to: w.versions.current, dryRun: true }) },
};
