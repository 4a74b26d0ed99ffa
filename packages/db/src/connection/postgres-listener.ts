import pg from 'pg';

const RETRY_MS = [250, 500, 1000, 2000, 5000];

/**
 * LISTEN on a dedicated connection that reconnects when the server drops it (restart, failover,
 * `pg_terminate_backend`). After a reconnect `onMessage('')` is called once, because
 * notifications sent while the connection was down are lost and the subscriber must re-read.
 */
export async function listenOnPostgres(url: string, channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
    next.on('error', () => reconnectSoon(next));
    next.on('end', () => reconnectSoon(next));
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    attempt = 0;
  };

  const reconnectSoon = (failed: pg.Client): void => {
    if (stopped || client !== failed || retryTimer) return;
    client = undefined;
    const delay = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)];
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (stopped) return;
      connect().then(
        () => onMessage(''),
        () => {
          client = failed;
          reconnectSoon(failed);
        },
      );
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    await current?.end().catch(() => undefined);
  };
}
