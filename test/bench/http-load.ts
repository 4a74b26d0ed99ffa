import autocannon from 'autocannon';

/**
 * The load generator of the HTTP benchmark, run as a child process (`fork`) so that it does not
 * share the server's event loop: `http-load.ts <url> <bearer token> <connections> <seconds>`.
 * Sends back one `HttpLoadResult` message, latencies from every response.
 */
export interface HttpLoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const [url, token, connections, seconds] = process.argv.slice(2);
if (url && token && process.send) {
  const latencies: number[] = [];
  const started = performance.now();
  const instance = autocannon(
    { url, connections: Number(connections), duration: Number(seconds), headers: { authorization: `Bearer ${token}` } },
    (error, result) => {
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * p) - 1)] ?? NaN;
      const message: HttpLoadResult = {
        requests: latencies.length,
        perSecond: latencies.length / elapsed,
        p50: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
        non2xx: result?.non2xx ?? 0,
        errors: (result?.errors ?? 0) + (error ? 1 : 0),
      };
      process.send!(message, () => process.exit(0));
    },
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
}
