/**
 * Requests to a Spark History Server with Node's fetch: a time limit on the wait for an answer and
 * on each pause while a body streams in, the caller's AbortSignal honoured, and failures turned into
 * messages that say what went wrong (unreachable, HTTP status, not JSON, too big).
 */
import * as fs from 'fs';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** A download must bring at least this much per timeout window (16 KiB per 30 s, about 0.5 KiB/s). */
export const DEFAULT_MIN_BYTES_PER_WINDOW = 16 * 1024;
/** No single download may take longer (4 GiB at 0.5 MB/s). */
export const DEFAULT_DEADLINE_MS = 3 * 60 * 60 * 1000;
/** Same-origin redirects followed before giving up. */
const MAX_REDIRECTS = 5;

/** A failure to report for one URL; the caller's abort is never turned into one. */
export class HistoryServerError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** The REST root: 'http://host:18080', '…/', '…/api/v1' and '…/api/v1/' → 'http://host:18080/api/v1'. */
export function apiRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new HistoryServerError(baseUrl, `not a URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HistoryServerError(baseUrl, `not an http(s) URL: ${baseUrl}`);
  url.search = '';
  url.hash = '';
  const trimmed = url.toString().replace(/\/+$/, '');
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** ms to wait for an answer; also the window over which a body's rate is measured. */
  timeoutMs: number;
  minBytesPerWindow?: number;
  deadlineMs?: number;
}

/**
 * Aborts a request when the caller aborts, when no answer comes within `timeoutMs`, and while a body
 * streams in, when a window of `timeoutMs` brings fewer than `minBytesPerWindow` bytes (a server
 * trickling a byte now and then must not hold the import forever) or the overall deadline passes.
 */
class Watchdog {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private bytesInWindow = 0;
  /** Why the watchdog stopped the request, for the message. */
  stopped: string | undefined;
  private readonly onAbort = () => this.controller.abort(this.signal?.reason);

  constructor(
    private readonly options: RequestOptions,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.timer = setTimeout(() => this.stop(`no answer within ${seconds(options.timeoutMs)}`), options.timeoutMs);
  }

  /** The answer came: from now on the body must keep coming at the minimum rate, and end by the deadline. */
  bodyStarted(): void {
    clearTimeout(this.timer);
    const minimum = this.options.minBytesPerWindow ?? DEFAULT_MIN_BYTES_PER_WINDOW;
    this.timer = setInterval(() => {
      if (this.bytesInWindow < minimum) this.stop(`too slow: ${this.bytesInWindow} bytes in ${seconds(this.options.timeoutMs)}, less than the ${minimum} expected`);
      this.bytesInWindow = 0;
    }, this.options.timeoutMs);
    const deadlineMs = this.options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.deadline = setTimeout(() => this.stop(`not finished within ${seconds(deadlineMs)}`), deadlineMs);
  }

  received(bytes: number): void {
    this.bytesInWindow += bytes;
  }

  private stop(reason: string): void {
    this.stopped = reason;
    this.controller.abort(new Error(reason));
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    clearTimeout(this.deadline);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The caller's abort goes through as it is; everything else becomes a HistoryServerError naming the URL. */
function failure(url: string, error: unknown, watchdog: Watchdog, options: RequestOptions): unknown {
  if (options.signal?.aborted) return options.signal.reason;
  if (error instanceof HistoryServerError) return error;
  if (watchdog.stopped !== undefined) return new HistoryServerError(url, `${url}: ${watchdog.stopped}`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new HistoryServerError(url, `cannot reach ${url}: ${detail}`);
}

/** Follows redirects to the same origin only: a History Server has no business sending the client (and its requests) elsewhere. */
async function request(url: string, watchdog: Watchdog): Promise<Response> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current, { signal: watchdog.controller.signal, redirect: 'manual', headers: { accept: 'application/json, application/zip, */*' } });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location === null) return checkStatus(url, response);
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, current);
    if (next.origin !== new URL(url).origin) throw new HistoryServerError(url, `${url}: redirected to another origin (${next.origin}), not followed`);
    if (redirects >= MAX_REDIRECTS) throw new HistoryServerError(url, `${url}: more than ${MAX_REDIRECTS} redirects`);
    current = next.toString();
  }
}

async function checkStatus(url: string, response: Response): Promise<Response> {
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new HistoryServerError(url, `${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  return response;
}

/** GET a JSON document. */
export async function getJson(url: string, options: RequestOptions): Promise<unknown> {
  const watchdog = new Watchdog(options, options.signal);
  try {
    const response = await request(url, watchdog);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new HistoryServerError(url, `${url} answered with ${type}, not JSON: is this a Spark History Server?`);
    }
  } catch (error) {
    throw failure(url, error, watchdog, options);
  } finally {
    watchdog.dispose();
  }
}

/** GET a body into `file`, at most `maxBytes` of it, at the minimum rate and within the deadline. */
export async function download(url: string, file: string, maxBytes: number, options: RequestOptions): Promise<number> {
  const watchdog = new Watchdog(options, options.signal);
  let handle: fs.promises.FileHandle | undefined;
  try {
    const response = await request(url, watchdog);
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) throw new HistoryServerError(url, `${url}: ${declared} bytes is more than the ${maxBytes}-byte limit`);
    if (!response.body) throw new HistoryServerError(url, `${url}: empty answer`);
    handle = await fs.promises.open(file, 'w');
    watchdog.bodyStarted();
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      watchdog.received(chunk.byteLength);
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new HistoryServerError(url, `${url}: more than the ${maxBytes}-byte limit`);
      await handle.write(chunk);
    }
    return bytes;
  } catch (error) {
    const reported = failure(url, error, watchdog, options);
    watchdog.controller.abort(); // stop a body we no longer read
    throw reported;
  } finally {
    watchdog.dispose();
    await handle?.close();
  }
}
