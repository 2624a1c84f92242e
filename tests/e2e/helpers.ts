import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { testEnv } from '../../src/server/config.ts';
import type { UiLanguage } from '../../src/shared/common.ts';

/**
 * End-to-end harness: the real server as a child process (PGlite or PostgreSQL) serving the built web app,
 * and Debian's Chromium driven by playwright-core. Used by the e2e tests and by screenshots.ts.
 */

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const webIndex = path.join(repoRoot, 'dist/web/index.html');

export type DbKind = 'pglite' | 'postgres';
export const dbKinds: DbKind[] = ['pglite', 'postgres'];

export function assertWebBuilt() {
  if (!fs.existsSync(webIndex)) {
    throw new Error(
      `The web app is not built: ${path.relative(repoRoot, webIndex)} is missing.\n` +
        'Run `npx vite build` first (or `npm test`, which builds before it tests).',
    );
  }
}

export type RunningServer = {
  url: string;
  kind: DbKind;
  /** What the server printed so far (for failure messages). */
  output: () => string;
  /** SIGTERM, wait for the exit, clean up the database; resolves to the exit code (0 = graceful). */
  stop: () => Promise<number | null>;
  /** SIGKILL (a crash): the data stays, so `startServer(kind, { reuse: server.data })` starts on it again. */
  kill9: () => Promise<void>;
  /** Where this server's data lives. */
  data: { tmp: string; dbName: string };
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: testEnv.databaseUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let snapshot: string | undefined;

/**
 * A private copy of the server sources, migrations and built web app, taken once per test process. Several
 * people share this checkout: a `vite build` elsewhere empties dist/web for seconds, and half-saved server
 * files break a start. The copy keeps a run on one consistent version (node_modules is linked, not copied).
 */
export function appSnapshot(): string {
  if (snapshot) return snapshot;
  assertWebBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-app-'));
  for (const p of ['package.json', 'tsconfig.json', 'src/server', 'src/shared', 'drizzle', 'dist/web']) {
    fs.cpSync(path.join(repoRoot, p), path.join(dir, p), { recursive: true });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // An entry of its own, so a colleague's `pkill -f src/server/main.ts` on this shared machine (observed)
  // does not take a test server down; it runs exactly what main.ts runs.
  fs.writeFileSync(path.join(dir, 'e2e-server.ts'), "import './src/server/main.ts';\n");
  const html = fs.readFileSync(path.join(dir, 'dist/web/index.html'), 'utf8');
  const missing = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)]
    .map((m) => m[1] ?? '')
    .filter((a) => !fs.existsSync(path.join(dir, 'dist/web', a)));
  if (missing.length) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `dist/web is incomplete (is a build running?): missing ${missing.join(', ')}. Run \`npx vite build\` and retry.`,
    );
  }
  process.once('exit', disposeAppSnapshot); // test workers may be stopped before this runs: see e2e-suite.ts
  snapshot = dir;
  return dir;
}

/** Removes the copy (servers started from it must be stopped first). Safe to call more than once. */
export function disposeAppSnapshot() {
  if (snapshot) fs.rmSync(snapshot, { recursive: true, force: true });
  snapshot = undefined;
}

let serverSeq = 0;

/**
 * Starts `src/server/main.ts` on a free port with an empty database: a fresh PGlite directory, or a fresh
 * PostgreSQL database (named `rapport_…_<runId>_…` so the test run's global teardown drops leftovers too).
 */
export async function startServer(
  kind: DbKind,
  opts: {
    runId?: string;
    timeoutMs?: number;
    env?: Record<string, string>;
    /** Start on the data of a server that was killed (kill9) instead of an empty database. */
    reuse?: { tmp: string; dbName: string };
  } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const tmp = opts.reuse?.tmp ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
  const dbName =
    opts.reuse?.dbName ??
    `rapport_e2e_${opts.runId ?? Date.now().toString(36)}_${process.pid}_${++serverSeq}`;
  if (kind === 'postgres' && !opts.reuse) await adminQuery(`create database ${dbName}`);

  // The child gets an explicit environment: inherited PATH and the like, never a DATABASE_URL or RAPPORT_*
  // setting from the developer's shell.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('RAPPORT_')),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    RAPPORT_DATA_DIR: path.join(tmp, 'data'),
    RAPPORT_LOG_LEVEL: 'info', // kept in memory; printed only when something fails
    RAPPORT_COOKIE_SECURE: 'false',
    RAPPORT_MAINTENANCE_MINUTES: '0',
    ...(kind === 'postgres' ? { DATABASE_URL: withDb(testEnv.databaseUrl(), dbName) } : {}),
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'e2e-server.ts'], {
    cwd: appSnapshot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitSignal: string | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitSignal = signal;
      resolve(code);
    }),
  );
  let exitCode: number | null | undefined;
  let stopping = false;
  void exited.then((code) => {
    exitCode = code;
    if (!stopping && ready)
      console.error(
        `[e2e] the ${kind} server on port ${port} exited unexpectedly (code ${code}, signal ${exitSignal}):\n${output}`,
      );
  });
  let ready = false;

  const cleanup = async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (kind === 'postgres') await adminQuery(`drop database if exists ${dbName} with (force)`);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    if (exitCode !== undefined) {
      await cleanup();
      throw new Error(
        `The server exited (code ${exitCode}, signal ${exitSignal}) before it was ready:\n${output}`,
      );
    }
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      ready = true;
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      await cleanup();
      throw new Error(
        `The server did not answer /api/health within ${opts.timeoutMs ?? 90_000} ms:\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    url,
    kind,
    output: () => output,
    stop: async () => {
      stopping = true;
      if (exitCode === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      await cleanup();
      return code;
    },
    kill9: async () => {
      stopping = true;
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
    data: { tmp, dbName },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: testEnv.chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type PageOptions = {
  language?: UiLanguage;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
};

/**
 * A page in a fresh browser context (own cookies and storage). `language` and `colorScheme` are seeded
 * once per tab, as if the person had picked them before: later switches in the UI persist over reloads.
 */
export async function newPage(
  browser: Browser,
  baseURL: string,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'Europe/Copenhagen',
  });
  await context.addInitScript(
    ({ language, colorScheme }) => {
      if (sessionStorage.getItem('e2e.seeded')) return;
      sessionStorage.setItem('e2e.seeded', '1');
      if (language) localStorage.setItem('rapport.language', language);
      if (colorScheme) localStorage.setItem('rapport.color-scheme', colorScheme);
    },
    { language: opts.language ?? null, colorScheme: opts.colorScheme ?? null },
  );
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

export type Credentials = { email: string; password: string; name?: string };
export const admin: Credentials = {
  email: 'ada.admin@example.test',
  password: 'correct horse battery staple',
  name: 'Ada Admin',
};

/** Creates the first admin through the API unless the set-up is already done. */
export async function ensureAdmin(baseURL: string, who: Credentials = admin) {
  const status = (await (await fetch(`${baseURL}/api/v1/setup`)).json()) as { needsSetup: boolean };
  if (!status.needsSetup) return;
  const res = await fetch(`${baseURL}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...who, language: 'en' }),
  });
  if (res.status !== 201) throw new Error(`set-up failed: ${res.status} ${await res.text()}`);
}

/** Logs the context in through the API (the log-in form has its own test); cookies land in the context. */
export async function signIn(context: BrowserContext, who: Credentials = admin) {
  const res = await context.request.post('/api/v1/auth/login', {
    data: { email: who.email, password: who.password },
  });
  if (!res.ok()) throw new Error(`log-in failed: ${res.status()} ${await res.text()}`);
}

/** Calls the API with a session cookie (CSRF token included), for arranging data quickly. */
export async function apiAs(context: BrowserContext, method: string, apiPath: string, data?: unknown) {
  const me = await context.request.get('/api/v1/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const res = await context.request.fetch(`/api/v1${apiPath}`, {
    method,
    data,
    headers: { 'x-csrf-token': csrfToken },
  });
  if (!res.ok()) throw new Error(`${method} ${apiPath} failed: ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : ((await res.json()) as unknown);
}

/** A static page on another origin holding the pasted snippet, as a customer's web site would. */
export async function hostSnippet(html: string) {
  const page = `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Cykelbutikken — Kontakt</title></head>
<body><h1>Kontakt os</h1>${html}</body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/kontakt.html`, close: () => new Promise((r) => server.close(r)) };
}
