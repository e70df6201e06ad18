/**
 * Requests to a Spark History Server with Node's fetch: a time limit on the wait for an answer and
 * on each pause while a body streams in, the caller's AbortSignal honoured, and failures turned into
 * messages that say what went wrong (unreachable, HTTP status, not JSON, too big).
 */
import * as fs from 'fs';

export const DEFAULT_TIMEOUT_MS = 30_000;

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

interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

/** Aborts a request when the caller aborts or when the timer, restarted at each sign of life, runs out. */
class Watchdog {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  timedOut = false;
  private readonly onAbort = () => this.controller.abort(this.signal?.reason);

  constructor(
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.restart();
  }

  restart(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error('timed out'));
    }, this.timeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** The caller's abort goes through as it is; everything else becomes a HistoryServerError naming the URL. */
function failure(url: string, error: unknown, watchdog: Watchdog, options: RequestOptions): unknown {
  if (options.signal?.aborted) return options.signal.reason;
  if (error instanceof HistoryServerError) return error;
  if (watchdog.timedOut) return new HistoryServerError(url, `${url}: no answer within ${Math.round(options.timeoutMs / 1000)} s`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new HistoryServerError(url, `cannot reach ${url}: ${detail}`);
}

async function request(url: string, watchdog: Watchdog): Promise<Response> {
  const response = await fetch(url, { signal: watchdog.controller.signal, headers: { accept: 'application/json, application/zip, */*' } });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new HistoryServerError(url, `${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  return response;
}

/** GET a JSON document. */
export async function getJson(url: string, options: RequestOptions): Promise<unknown> {
  const watchdog = new Watchdog(options.timeoutMs, options.signal);
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

/** GET a body into `file`, at most `maxBytes` of it; the time limit applies to each pause in the stream. */
export async function download(url: string, file: string, maxBytes: number, options: RequestOptions): Promise<number> {
  const watchdog = new Watchdog(options.timeoutMs, options.signal);
  let handle: fs.promises.FileHandle | undefined;
  try {
    const response = await request(url, watchdog);
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) throw new HistoryServerError(url, `${url}: ${declared} bytes is more than the ${maxBytes}-byte limit`);
    if (!response.body) throw new HistoryServerError(url, `${url}: empty answer`);
    handle = await fs.promises.open(file, 'w');
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      watchdog.restart();
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
