export interface ServerUrls {
  base: string;
  api: string;
  health: string;
  trpc: string;
}

/** The URLs to print for a listening address; a wildcard host is shown as localhost. */
export function serverUrls(host: string, port: number): ServerUrls {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const base = `http://${shown}:${port}`;
  return { base, api: `${base}/api/v1`, health: `${base}/api/v1/health`, trpc: `${base}/trpc` };
}
