import type { AnyRouter } from '@trpc/server';
import type { FastifyInstance, HTTPMethods } from 'fastify';

/** Where the tRPC procedures are served: one route of the HTTP server, covered procedure by procedure. */
export const TRPC_ROUTE = '/trpc/:path';

/**
 * Every route of the running server as `METHOD /path`, from Fastify's own route tree
 * (`printRoutes`), HEAD left out (Fastify adds it to every GET). Each parsed route is checked
 * against `hasRoute`, so that a change of the tree's print format fails loudly instead of hiding routes.
 */
export function serverRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const paths: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of tree.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) throw new Error(`cannot read the route tree line ${JSON.stringify(line)}:\n${tree}`);
    const depth = match[1]!.length / 4;
    const path = (depth > 0 ? paths[depth - 1]! : '') + match[2]!;
    paths.length = depth;
    paths.push(path);
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      if (method === 'HEAD') continue;
      if (!app.hasRoute({ method: method as HTTPMethods, url: path })) throw new Error(`read ${method} ${path} from the route tree, but the server has no such route:\n${tree}`);
      routes.push({ method, url: path });
    }
  }
  return routes;
}

/** Every procedure of a tRPC router, by its dotted path, with whether it is a query or a mutation. */
export function routerProcedures(router: AnyRouter): Map<string, 'query' | 'mutation' | 'subscription'> {
  const procedures = router._def.procedures as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
  return new Map(Object.entries(procedures).map(([path, procedure]) => [path, procedure._def.type]));
}
