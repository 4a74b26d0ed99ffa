import { sqlText, type Database } from '@mainline/db';

/** Counts keyed "a/b" → n, for readable comparisons with toEqual. */
type Tally = Record<string, number>;

/** What the crash test checks in the database once the driver is done and the queue has drained. */
export interface CrashFacts {
  /** Instances by status. */
  instances: Tally;
  /** Task rows by node/status. */
  tasks: Tally;
  /** (instance, node) pairs with more than one task row. */
  duplicateTasks: number;
  /** Instances without exactly one task row at each of the two user tasks. */
  instancesMissingATask: number;
  /** task.completed history events, and the distinct tasks they name. */
  completedEvents: number;
  completedEventTasks: number;
  /** Records by stage/steps. */
  records: Tally;
  /** Records by the number of record.update audit entries they have ("2" → n). */
  updatesPerRecord: Tally;
  /** The webhooks queued (one webhook.queued event each), keyed by delivery id → "instance/node". */
  queuedWebhooks: Map<string, string>;
  /** Jobs by type/status. */
  jobs: Tally;
  jobIncidents: number;
  /** incident.raised history events. */
  processIncidents: number;
  /** Webhook delivery attempts logged, by result. */
  deliveryLog: Tally;
}

async function tally(database: Database, query: string): Promise<Tally> {
  const rows = await database.rows<{ k: string; n: number }>(sqlText(query));
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

async function count(database: Database, query: string): Promise<number> {
  return (await database.rows<{ n: number }>(sqlText(query)))[0]!.n;
}

export async function crashFacts(database: Database): Promise<CrashFacts> {
  const hooks = await database.rows<{ id: string; instance: string; node: string }>(
    sqlText(`SELECT details->>'webhook' AS id, instance_id::text AS instance, node_id AS node FROM process_events WHERE type = 'webhook.queued'`),
  );
  const queuedWebhooks = new Map<string, string>();
  for (const hook of hooks) {
    // a delivery id queued twice would be a duplicate too: keep it visible
    const where = `${hook.instance}/${hook.node}`;
    queuedWebhooks.set(hook.id, queuedWebhooks.has(hook.id) ? `${queuedWebhooks.get(hook.id)} and ${where}` : where);
  }
  return {
    instances: await tally(database, `SELECT status AS k, count(*)::int AS n FROM process_instances GROUP BY 1`),
    tasks: await tally(database, `SELECT node_id || '/' || status AS k, count(*)::int AS n FROM process_tasks GROUP BY 1`),
    duplicateTasks: await count(database, `SELECT count(*)::int AS n FROM (SELECT 1 FROM process_tasks GROUP BY instance_id, node_id HAVING count(*) > 1) d`),
    instancesMissingATask: await count(
      database,
      `SELECT count(*)::int AS n FROM process_instances i
        WHERE (SELECT count(*) FROM process_tasks t WHERE t.instance_id = i.id AND t.node_id = 'review') <> 1
           OR (SELECT count(*) FROM process_tasks t WHERE t.instance_id = i.id AND t.node_id = 'approve') <> 1`,
    ),
    completedEvents: await count(database, `SELECT count(*)::int AS n FROM process_events WHERE type = 'task.completed'`),
    completedEventTasks: await count(database, `SELECT count(DISTINCT task_id)::int AS n FROM process_events WHERE type = 'task.completed'`),
    records: await tally(database, `SELECT stage || '/' || steps AS k, count(*)::int AS n FROM rec.claim GROUP BY 1`),
    updatesPerRecord: await tally(
      database,
      `SELECT n::text AS k, count(*)::int AS n FROM (
         SELECT r.id, (SELECT count(*) FROM audit_log a WHERE a.object_id = 'claim' AND a.record_id = r.id AND a.action = 'record.update') AS n FROM rec.claim r
       ) per GROUP BY 1`,
    ),
    queuedWebhooks,
    jobs: await tally(database, `SELECT type || '/' || status AS k, count(*)::int AS n FROM jobs GROUP BY 1`),
    jobIncidents: await count(database, `SELECT count(*)::int AS n FROM job_incidents`),
    processIncidents: await count(database, `SELECT count(*)::int AS n FROM process_events WHERE type = 'incident.raised'`),
    deliveryLog: await tally(database, `SELECT result AS k, count(*)::int AS n FROM webhook_deliveries GROUP BY 1`),
  };
}
