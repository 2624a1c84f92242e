import http from 'node:http';

/** Sequential latency sampling and a minimal keep-alive HTTP client (so the client adds little). */
export type Stats = { n: number; p50: number; p95: number; p99: number; mean: number };

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentile.
  const at = (p: number) =>
    s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
  return {
    n: s.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
  };
}

/**
 * Runs `fn(i)` `warmup` times unmeasured, then `n` times measured, one after another. A slow case stops
 * after `budgetMs` (with at least 20 samples) so that one bad plan cannot hold up the whole run.
 */
export async function sample(
  n: number,
  warmup: number,
  fn: (i: number) => Promise<unknown>,
  budgetMs = 60_000,
): Promise<Stats> {
  const started = performance.now();
  for (let i = 0; i < warmup; i++) {
    await fn(i);
    if (performance.now() - started > budgetMs / 4) break;
  }
  const out: number[] = [];
  const measuring = performance.now();
  for (let i = 0; i < n; i++) {
    if (out.length >= 20 && performance.now() - measuring > budgetMs) break;
    const t = performance.now();
    await fn(warmup + i);
    out.push(performance.now() - t);
  }
  return stats(out);
}

export type HttpResult = { status: number; body: string };

export function httpClient(base: string, headers: Record<string, string>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(base);
  const once = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResult> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            ...headers,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  // A keep-alive socket left idle past the server's timeout (while a slow raw case ran) is closed under us.
  return (method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResult> =>
    once(method, path, body).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
      return once(method, path, body);
    });
}

export const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');
