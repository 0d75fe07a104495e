import { noteWritten, writtenPosition } from './consistency.js';
import { currentSession } from './session.js';

/** One problem with one field, as the api names it (`details.errors[]` or `details.field`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An api error: `{statusCode, code, message, details}`, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level problems: every validation error, every broken rule, or the one field a rule names. */
  get fieldErrors(): FieldError[] {
    const problems = this.details.problems;
    if (Array.isArray(problems)) {
      // Protocol rules that do not fit together (PROTOCOL.INVALID_RULES) name a field and a rule code.
      return problems.flatMap((p: unknown) => {
        if (typeof p !== 'object' || p === null) return [];
        const { field, rule } = p as { field?: unknown; rule?: unknown };
        return typeof field === 'string' && typeof rule === 'string' ? [{ field, message: ruleMessage(rule) }] : [];
      });
    }
    const errors = this.details.errors;
    if (Array.isArray(errors)) {
      return errors.flatMap((e: unknown) => {
        if (typeof e !== 'object' || e === null) return [];
        const { field, message } = e as { field?: unknown; message?: unknown };
        return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
      });
    }
    const field = this.details.field;
    return typeof field === 'string' ? [{ field, message: this.message }] : [];
  }
}

const RULE_MESSAGES: Readonly<Record<string, string>> = {
  integer: 'Enter a whole number.',
  min: 'This is too small.',
  max: 'This is too large.',
  notEmpty: 'Choose at least one.',
  oneOf: 'Choose one of the listed values.',
  unique: 'Each value may appear once only.',
  maxSize: 'There are too many of these.',
  ascending: 'Each tier must go higher than the tier before it.',
  nonDecreasing: 'A higher tier cannot need fewer approvals than the tier before it.',
  lastUnbounded: 'The last tier covers any amount above the one before it.',
  onlyLastUnbounded: 'Only the last tier covers any amount.',
  atLeastCapPerRequest: 'This must be at least the cap per request.',
  atMostCapPerRequest: 'This must be at most the cap per request.',
  slug: 'Use lower-case letters, digits and dashes.',
};

function ruleMessage(rule: string): string {
  return RULE_MESSAGES[rule] ?? `This breaks the rule “${rule}”.`;
}

const NETWORK_MESSAGE = 'The service could not be reached; check the connection and try again. Nothing you typed was lost.';

function authHeaders(): Record<string, string> {
  const session = currentSession();
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (typeof body === 'object' && body !== null) {
    const b = body as { code?: unknown; message?: unknown; details?: unknown };
    const details = typeof b.details === 'object' && b.details !== null ? (b.details as Record<string, unknown>) : {};
    let message = typeof b.message === 'string' ? b.message : `The service answered ${response.status}`;
    if (response.status === 401) message = `${message}. Your sign-in is missing or has expired: sign in again. What you typed stays on this page until you leave it.`;
    return new ApiError(response.status, typeof b.code === 'string' ? b.code : `HTTP.${response.status}`, message, details);
  }
  return new ApiError(response.status, `HTTP.${response.status}`, `The service answered ${response.status} ${response.statusText}`);
}

/** The code of a 503 from a query whose read models have not yet passed the position it was given. */
export const BEHIND = 'READ_MODEL.BEHIND';
/** A query that is behind is asked this many times in all (the api itself waits up to 2 s each time) before the screen says so. */
export const BEHIND_ATTEMPTS = 3;
const BEHIND_PAUSE_MS = 300;

async function fetchOnce(method: 'GET' | 'POST', path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  // A read waits for this session's own last write (consistency.ts).
  const minPosition = method === 'GET' ? writtenPosition() : null;
  try {
    return await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...authHeaders(),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(minPosition ? { 'X-Min-Position': minPosition } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
}

async function send(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetchOnce(method, path, body, headers);
    if (response.ok) {
      if (method === 'POST') noteWritten(response.headers.get('X-Position'));
      return response;
    }
    const error = await errorFrom(response);
    // Never a stale list: a view still behind is asked again, then its own words are shown.
    if (error.code !== BEHIND || attempt >= BEHIND_ATTEMPTS) throw error;
    await new Promise((resolve) => setTimeout(resolve, BEHIND_PAUSE_MS * attempt));
  }
}

export async function get<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

/**
 * A command. Each call carries an Idempotency-Key; a retry of exactly the same body after a
 * network failure reuses it, so a decision is never recorded twice.
 */
export async function post<T>(path: string, body: unknown = {}, retry?: IdempotentRetry): Promise<T> {
  const key = retry ? retry.keyFor(path, body) : crypto.randomUUID();
  try {
    const response = await send('POST', path, body, { 'Idempotency-Key': key });
    retry?.settle();
    return (await response.json()) as T;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 0)) retry?.settle();
    throw error;
  }
}

/**
 * Sends a file as the request body, as is (the api judges its type from the bytes and never
 * receives its name). A command like `post`: it carries an Idempotency-Key and notes its position.
 */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', ...authHeaders(), 'Content-Type': file.type || 'application/octet-stream', 'Idempotency-Key': crypto.randomUUID() },
      body: file,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  if (!response.ok) throw await errorFrom(response);
  noteWritten(response.headers.get('X-Position'));
  return (await response.json()) as T;
}

/** Remembers the key of the last attempt whose outcome is unknown (a network failure). */
export class IdempotentRetry {
  private last: { fingerprint: string; key: string } | null = null;

  keyFor(path: string, body: unknown): string {
    const fingerprint = `${path}\n${JSON.stringify(body)}`;
    if (this.last?.fingerprint !== fingerprint) this.last = { fingerprint, key: crypto.randomUUID() };
    return this.last.key;
  }

  settle(): void {
    this.last = null;
  }
}

/** A query string from the filled-in values only. */
export function query(params: Readonly<Record<string, string | number | undefined | null>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export interface Downloaded {
  readonly url: string;
  readonly filename: string;
  readonly bytes: number;
}

/**
 * Downloads a file the api serves behind the bearer token: fetch with the header, keep the
 * body as a Blob and hand the browser an object URL (a plain link could not carry the token).
 */
export async function download(path: string, fallbackName: string): Promise<Downloaded> {
  const response = await send('GET', path, undefined, { Accept: '*/*' });
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  const filename = match?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  return { url, filename, bytes: blob.size };
}
