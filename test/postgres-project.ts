import { Socket } from 'node:net';

/** Whether the PostgreSQL test server answers. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(Number(port || 5432), hostname || '127.0.0.1');
  });
}

/**
 * Integration tests also run on PostgreSQL when DATABASE_URL is set or a server listens on
 * 127.0.0.1:5432. On CI (CI=true) or with DATABASE_URL set, an unreachable server is an error,
 * never a silent skip.
 */
export async function postgresProjectEnabled(): Promise<boolean> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await reachable(url)) return true;
  const how = 'Install and start PostgreSQL (apt-get install -y postgresql && pg_ctlcluster 15 main start), or set DATABASE_URL.';
  if (process.env.CI === 'true' || process.env.DATABASE_URL) throw new Error(`PostgreSQL is not reachable at ${url}. ${how}`);
  console.warn(`\n⚠ PostgreSQL is not reachable at ${url}: integration tests run on PGlite only. ${how}\n`);
  return false;
}
