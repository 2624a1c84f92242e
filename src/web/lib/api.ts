import type { FieldError, Problem } from '../../shared/problem.ts';

/** An API failure as the UI needs it: status, machine code, human detail and field errors by path. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.status = status;
    this.code = problem?.code ?? 'http_error';
    this.errors = problem?.errors ?? [];
    this.problem = problem;
  }
  /** Field errors keyed by path (`emails.0.address`), for form inputs. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.path, e.message]));
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null) => {
  csrfToken = t;
};

type Options = { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal };

/** The one client for the Rapport API: JSON in and out, CSRF header on writes, problem+json → ApiError. */
export async function api<T>(
  path: string,
  { method = 'GET', body, headers = {}, signal }: Options = {},
): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new ApiError(res.status, data as Problem | null, `${res.status} ${res.statusText}`);
  return data as T;
}

/** Builds a query string, skipping empty values and repeating arrays. */
export function qs(params: Record<string, string | number | boolean | null | undefined | string[]>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) sp.append(k, x);
    else sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
