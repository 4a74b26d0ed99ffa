import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@mainline/db';
import { classify, sendRest, sendTrpc, type Outcome } from './authorization-matrix-outcomes.ts';
import { restCases } from './authorization-matrix-rest-requests.ts';
import { routerProcedures, serverRoutes, TRPC_ROUTE } from './authorization-matrix-routes.ts';
import { trpcCases } from './authorization-matrix-trpc-requests.ts';
import { callerKinds, openWorld, type CallerKind, type World } from './authorization-matrix-world.ts';
import { appRouter } from './trpc/app-router.ts';

/**
 * The authorization matrix (docs/access.md): every REST route and every tRPC procedure, for six
 * kinds of caller, against the expected outcome below. A route or procedure without a row fails,
 * and so does a row for one that no longer exists.
 *
 * The callers (authorization-matrix-world.ts):
 * - anonymous: no session;
 * - noRole: signed in at unit A, no business role, no platform permission;
 * - scoped: the business role matrixUnitRep held at A (account: every action — create, read,
 *   update, delete, export, import, transfer — in the unit; contact: create and read in the
 *   unit; `secret`: nothing);
 * - otherUnit: the same role held at B: A's records do not exist for them;
 * - analyst: platform permission editDrafts, no business role;
 * - admin: platform permission admin, no business role — and so no record access.
 *
 * Outcomes (authorization-matrix-outcomes.ts): ok, empty (allowed, sees nothing), unauth (401),
 * forbidden (403 auth.forbidden: platform permission), denied (403 access.denied: business role),
 * hidden (403 access.field-hidden), notFound (404 for what the caller may not see). Each caller
 * signs in with a session cookie and sends X-CSRF-Token on unsafe requests, as the apps do.
 *
 * A new route: add its row here and its request in authorization-matrix-rest-requests.ts
 * (tRPC: authorization-matrix-trpc-requests.ts). A second case of a route is a row with a
 * ` [variant]` after the route.
 */
type Row = readonly [anonymous: Outcome, noRole: Outcome, scoped: Outcome, otherUnit: Outcome, analyst: Outcome, admin: Outcome];

const everyone: Row = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const signedIn: Row = ['unauth', 'ok', 'ok', 'ok', 'ok', 'ok'];
const manageUsers: Row = ['unauth', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok'];
const publisher: Row = ['unauth', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok'];
const versionReader: Row = ['unauth', 'forbidden', 'forbidden', 'forbidden', 'ok', 'ok'];
/** Reading A's records: only the scoped user sees them; everyone else signed in sees nothing. */
const readsA: Row = ['unauth', 'empty', 'ok', 'empty', 'empty', 'empty'];
/** One record of A: it does not exist for whoever may not read it. */
const recordOfA: Row = ['unauth', 'notFound', 'ok', 'notFound', 'notFound', 'notFound'];
/** Changing a record of A: without the grant 403 before anything is read; with it but not in scope, 404. */
const writesA: Row = ['unauth', 'denied', 'ok', 'notFound', 'denied', 'denied'];
/** Handing over A's records: needs a transfer grant; the other unit's user finds none of them in scope. */
const handsOverA: Row = ['unauth', 'denied', 'ok', 'empty', 'denied', 'denied'];
/** Filtering by a field: refused to whoever has it hidden (every field of an object they have no grant on). */
const filtersA: Row = ['unauth', 'hidden', 'ok', 'empty', 'hidden', 'hidden'];
/**
 * A related list of A's record: the related object's reference field is checked first, so whoever
 * has no grant on the related object (every field hidden) is refused with 403 access.field-hidden
 * before the parent record is looked up (the same answer whether it exists or not); the other
 * unit's user, who may read contacts, gets 404 for A's record.
 */
const relatedOfA: Row = ['unauth', 'hidden', 'ok', 'notFound', 'hidden', 'hidden'];
/**
 * Explaining a user's access to one record: a user administrator (admin) may explain any record;
 * an analyst, without a business role that lets them read it, gets 404 like any reader.
 */
const explainsRecord: Row = ['unauth', 'forbidden', 'forbidden', 'forbidden', 'notFound', 'ok'];
/** The inbox: everyone signed in has one; only the scoped user holds the role A's tasks go to. */
const inboxOfA: Row = ['unauth', 'empty', 'ok', 'empty', 'empty', 'empty'];
/** A task of A's role (unclaimed, or claimed by the scoped user): it does not exist for whoever may not work on it. */
const taskOfA: Row = ['unauth', 'notFound', 'ok', 'notFound', 'notFound', 'notFound'];
/**
 * Starting a process by hand on A's record: the trigger names the unit role, so whoever does not
 * hold it is refused before anything is read; the other unit's holder then finds no such record.
 */
const startsOnA: Row = ['unauth', 'denied', 'ok', 'notFound', 'denied', 'denied'];
/** Incidents: administrators only. */
const adminOnly: Row = ['unauth', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok'];

//                                                                anonymous  noRole       scoped       otherUnit    analyst      admin
const restTable: Record<string, Row> = {
  'GET /api/v1/health': everyone,
  'POST /api/v1/auth/login': everyone,
  'POST /api/v1/auth/logout': everyone,
  'GET /api/v1/auth/session': signedIn,
  'POST /api/v1/auth/password': signedIn,
  'GET /api/v1/auth/tokens': signedIn,
  'GET /api/v1/auth/tokens [another user]': manageUsers,
  'POST /api/v1/auth/tokens': signedIn,
  'POST /api/v1/auth/tokens [another user]': manageUsers,
  'DELETE /api/v1/auth/tokens/:id': signedIn,
  'DELETE /api/v1/auth/tokens/:id [another user]': manageUsers,
  'GET /api/v1/admin/users': manageUsers,
  'POST /api/v1/admin/users': manageUsers,
  'PUT /api/v1/admin/users/:userId/permissions': manageUsers,
  'POST /api/v1/admin/users/:userId/disable': manageUsers,
  'POST /api/v1/admin/users/:userId/enable': manageUsers,
  'GET /api/v1/org/units': signedIn,
  'POST /api/v1/org/units': manageUsers,
  'PATCH /api/v1/org/units/:unitId': manageUsers,
  'POST /api/v1/org/units/:unitId/retire': manageUsers,
  'POST /api/v1/org/units/import': manageUsers,
  'POST /api/v1/org/users/import': manageUsers,
  'POST /api/v1/org/role-assignments': manageUsers,
  'DELETE /api/v1/org/role-assignments/:assignmentId': manageUsers,
  'GET /api/v1/access/explain': versionReader,
  'GET /api/v1/access/explain [a record]': explainsRecord,
  'GET /api/v1/config/current': signedIn,
  'GET /api/v1/openapi.json': signedIn,
  'POST /api/v1/config/plan': publisher,
  'POST /api/v1/config/versions': publisher,
  'GET /api/v1/config/versions': versionReader,
  'GET /api/v1/config/versions/:versionId': versionReader,
  'GET /api/v1/config/versions/:versionId/diff': versionReader,
  'GET /api/v1/config/versions/:versionId/diff/:base': versionReader,
  'POST /api/v1/config/versions/:versionId/rollout': publisher,
  'POST /api/v1/config/versions/:versionId/promote': publisher,
  'POST /api/v1/config/rollback': publisher,
  'POST /api/v1/config/purge': publisher,
  'GET /api/v1/records/:object': readsA,
  'GET /api/v1/records/:object [filter on a field]': filtersA,
  'GET /api/v1/records/:object [object without a grant]': ['unauth', 'empty', 'empty', 'empty', 'empty', 'empty'],
  'POST /api/v1/records/:object':                             ['unauth', 'denied',   'ok',       'ok',       'denied',   'denied'],
  'POST /api/v1/records/:object/aggregate': readsA,
  'GET /api/v1/records/:object/export.csv':                   ['unauth', 'denied',   'ok',       'empty',    'denied',   'denied'],
  'POST /api/v1/records/:object/imports':                     ['unauth', 'denied',   'ok',       'ok',       'denied',   'denied'],
  'POST /api/v1/records/:object/imports [create but no import grant]': ['unauth', 'denied', 'denied', 'denied', 'denied', 'denied'],
  // an import job: its starter only (its report quotes the file)
  'GET /api/v1/imports/:id':                                  ['unauth', 'notFound', 'ok',       'notFound', 'notFound', 'notFound'],
  'GET /api/v1/records/:object/:id': recordOfA,
  'PATCH /api/v1/records/:object/:id': writesA,
  'DELETE /api/v1/records/:object/:id': writesA,
  'POST /api/v1/records/:object/:id/restore': writesA,
  'GET /api/v1/records/:object/:id/history': recordOfA,
  'GET /api/v1/records/:object/:id/related/:relatedObject': relatedOfA,
  'GET /api/v1/search': readsA,
  'POST /api/v1/records/:object/:id/transfer': writesA,
  // a dry run handing over the scoped user's accounts: what the caller may read and transfer of them
  'POST /api/v1/access/handover': handsOverA,
  'GET /api/v1/tasks': inboxOfA,
  'POST /api/v1/tasks/:id/claim': taskOfA,
  'POST /api/v1/tasks/:id/unclaim': taskOfA,
  'POST /api/v1/tasks/:id/delegate': taskOfA,
  'POST /api/v1/tasks/:id/complete': taskOfA,
  'GET /api/v1/records/:object/:id/process': recordOfA,
  'POST /api/v1/records/:object/:id/process': startsOnA,
  'GET /api/v1/incidents': adminOnly,
  'POST /api/v1/incidents/retry': adminOnly,
  'POST /api/v1/processes/:process/migrate': publisher,
};

//                                                                anonymous  noRole       scoped       otherUnit    analyst      admin
const trpcTable: Record<string, Row> = {
  health: everyone,
  'auth.login': everyone,
  // unlike REST logout (auth optional), the procedure needs a session
  'auth.logout': signedIn,
  'auth.session': signedIn,
  'auth.changePassword': signedIn,
  'auth.tokens.list': signedIn,
  'auth.tokens.list [another user]': manageUsers,
  'auth.tokens.create': signedIn,
  'auth.tokens.create [another user]': manageUsers,
  'auth.tokens.revoke': signedIn,
  'auth.tokens.revoke [another user]': manageUsers,
  'config.current': signedIn,
  'config.plan': publisher,
  'config.publish': publisher,
  'config.listVersions': versionReader,
  'config.getVersion': versionReader,
  'config.diffVersions': versionReader,
  'config.extendRollout': publisher,
  'config.promoteRollout': publisher,
  'config.rollback': publisher,
  'config.purge': publisher,
  'org.units.list': signedIn,
  'org.units.create': manageUsers,
  'org.units.update': manageUsers,
  'org.units.retire': manageUsers,
  'org.units.import': manageUsers,
  'org.users.list': manageUsers,
  'org.users.create': manageUsers,
  'org.users.setPermissions': manageUsers,
  'org.users.disable': manageUsers,
  'org.users.enable': manageUsers,
  'org.users.import': manageUsers,
  'org.roles.assign': manageUsers,
  'org.roles.unassign': manageUsers,
  'access.explain': versionReader,
  'access.explain [a record]': explainsRecord,
  'records.list': readsA,
  'records.list [filter on a field]': filtersA,
  'records.list [object without a grant]': ['unauth', 'empty', 'empty', 'empty', 'empty', 'empty'],
  'records.get': recordOfA,
  'records.related': relatedOfA,
  'records.search': readsA,
  'records.aggregate': readsA,
  'records.history': recordOfA,
  'records.create':                                           ['unauth', 'denied',   'ok',       'ok',       'denied',   'denied'],
  'records.update': writesA,
  'records.delete': writesA,
  'records.restore': writesA,
  'records.bulkUpdate':                                       ['unauth', 'denied',   'ok',       'empty',    'denied',   'denied'],
  'records.transfer': writesA,
  'access.handOver': handsOverA,
  'process.tasks.list': inboxOfA,
  'process.tasks.claim': taskOfA,
  'process.tasks.unclaim': taskOfA,
  'process.tasks.delegate': taskOfA,
  'process.tasks.complete': taskOfA,
  'process.instances.list': recordOfA,
  'process.instances.start': startsOnA,
  'process.incidents.list': adminOnly,
  'process.incidents.retry': adminOnly,
  'process.instances.migrate': publisher,
};

/**
 * Rows where the server does not do what the table (the policy) says, today: the callers it
 * answers differently and how. The row expects exactly that deviation — anything else fails,
 * a fix too, and then its entry here goes.
 */
const knownIssues: Record<string, { why: string; today: Partial<Record<CallerKind, Outcome>> }> = {};

/** `METHOD /path [variant]` → `METHOD /path`. */
const routeOf = (key: string) => key.replace(/ \[.*\]$/, '');
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function coverage(actual: string[], rows: string[]): { missingRows: string[]; rowsWithoutRoute: string[] } {
  const covered = new Set(rows.map(routeOf));
  return { missingRows: sorted(actual.filter((a) => !covered.has(a))), rowsWithoutRoute: sorted([...covered].filter((r) => !actual.includes(r))) };
}

/** Whether a request goes to `METHOD /path/:param` (a sanity check of the request builders). */
function sendsTo(route: string, request: { method: string; url: string }): boolean {
  const [method, pattern] = route.split(' ') as [string, string];
  const path = new RegExp(`^${pattern.replaceAll('.', '\\.').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return request.method === method && path.test(request.url.split('?')[0]!);
}

/** The outcome per caller a row expects: the table's, but for a known issue what the server answers today. */
function expected(key: string, row: Row): Record<CallerKind, Outcome> {
  return { ...(Object.fromEntries(callerKinds.map((kind, i) => [kind, row[i]])) as Record<CallerKind, Outcome>), ...knownIssues[key]?.today };
}

const title = (key: string) => (knownIssues[key] ? `${key} (known issue: ${knownIssues[key].why})` : key);

describe(`authorization matrix (${testEngine()})`, () => {
  let w: World;

  beforeAll(async () => {
    w = await openWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('has a row for every REST route of the server and none for a route it does not have', () => {
    const routes = serverRoutes(w.app);
    expect(routes.some((r) => r.url === TRPC_ROUTE), `tRPC is served at ${TRPC_ROUTE}`).toBe(true);
    const rest = routes.filter((r) => r.url !== TRPC_ROUTE).map((r) => `${r.method} ${r.url}`);
    expect(rest.length).toBeGreaterThan(40);
    expect(coverage(rest, Object.keys(restTable)), 'routes without a row in restTable / rows for routes that do not exist').toEqual({ missingRows: [], rowsWithoutRoute: [] });
    expect(sorted(Object.keys(restCases)), 'every row of restTable has its request in authorization-matrix-rest-requests.ts, and no other').toEqual(sorted(Object.keys(restTable)));
  });

  it('has a row for every tRPC procedure and none for a procedure that does not exist', () => {
    const procedures = [...routerProcedures(appRouter).keys()];
    expect(procedures.length).toBeGreaterThan(40);
    expect(coverage(procedures, Object.keys(trpcTable)), 'procedures without a row in trpcTable / rows for procedures that do not exist').toEqual({ missingRows: [], rowsWithoutRoute: [] });
    expect(sorted(Object.keys(trpcCases)), 'every row of trpcTable has its request in authorization-matrix-trpc-requests.ts, and no other').toEqual(sorted(Object.keys(trpcTable)));
  });

  describe('REST', () => {
    it.each(Object.keys(restTable).map((key) => [title(key), key]))('%s', async (_title, key) => {
      const rules = restCases[key];
      if (!rules) throw new Error(`no request for ${key} in authorization-matrix-rest-requests.ts`);
      const actual: Record<string, string> = {};
      for (const kind of callerKinds) {
        const caller = w.callers[kind];
        const request = await rules.request(w, caller);
        expect(sendsTo(routeOf(key), request), `${request.method} ${request.url} goes to the route of its row`).toBe(true);
        const answer = await sendRest(w.app, caller.session, request);
        await w.settleImports();
        actual[kind] = classify(answer, rules);
        // HEAD, which Fastify answers for every GET, must not let anyone further than GET does
        if (request.method === 'GET' && kind === 'anonymous') {
          const head = await w.app.inject({ method: 'HEAD', url: request.url });
          expect(head.statusCode, `HEAD ${request.url} as anonymous`).toBe(answer.status);
        }
      }
      expect(actual).toEqual(expected(key, restTable[key]!));
    });
  });

  describe('tRPC', () => {
    const types = routerProcedures(appRouter);
    it.each(Object.keys(trpcTable).map((key) => [title(key), key]))('%s', async (_title, key) => {
      const rules = trpcCases[key];
      if (!rules) throw new Error(`no request for ${key} in authorization-matrix-trpc-requests.ts`);
      const path = routeOf(key);
      const type = types.get(path);
      if (type !== 'query' && type !== 'mutation') throw new Error(`${path} is not a query or mutation of the app router`);
      const actual: Record<string, string> = {};
      for (const kind of callerKinds) {
        const caller = w.callers[kind];
        const answer = await sendTrpc(w.app, caller.session, path, type, await rules.request(w, caller));
        await w.settleImports();
        actual[kind] = classify(answer, rules);
      }
      expect(actual).toEqual(expected(key, trpcTable[key]!));
    });
  });
});
