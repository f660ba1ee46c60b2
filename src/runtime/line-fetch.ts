/**
 * Node only: a lean path for the LINE SDK's JSON calls (reply, push, loading animation…).
 *
 * `@line/bot-sdk` calls the global `fetch` and takes no other. On Node 20 each `fetch` builds a
 * WHATWG Request, Response, Headers and a web stream for the body: measured here, ~320 µs of CPU per
 * call against ~40 µs for undici's own `request`, the same HTTP client underneath — and the replies
 * are most of what the processing thread does. So on Node a call to a LINE origin with a string body
 * goes through `undici.request` on a keep-alive pool and comes back as a buffered answer with the
 * part of `Response` the SDK reads (ok, status, statusText, headers, text, json, arrayBuffer, body).
 * Everything else — other origins, bodies that are not strings (rich-menu images, forms), GETs of
 * message content — goes to the real `fetch` untouched. The Worker keeps the platform's `fetch`.
 */
import { STATUS_CODES } from "node:http";
import { Agent, type Dispatcher, request } from "undici";

/** LINE calls that have not answered by then fail (the delivery job also times out at 10 s). */
const TIMEOUT_MS = 15_000;

type Fetch = typeof fetch;

const decoder = new TextDecoder();

/** What the SDK reads of a `Response`, over a body already read in full. */
class BufferedResponse {
  #headers: Headers | undefined;

  constructor(
    readonly status: number,
    private readonly rawHeaders: Record<string, string | string[] | undefined>,
    private readonly bytes: Uint8Array<ArrayBuffer>,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? "";
  }

  get headers(): Headers {
    if (!this.#headers) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(this.rawHeaders)) {
        if (value !== undefined) for (const one of [value].flat()) headers.append(name, one);
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return new Response(this.bytes).body;
  }

  async text(): Promise<string> {
    return decoder.decode(this.bytes);
  }

  async json(): Promise<unknown> {
    return JSON.parse(decoder.decode(this.bytes));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.slice().buffer;
  }
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers);
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}

/**
 * A `fetch` that sends JSON calls to `origins` through undici's pool, and anything else through
 * `fallback`. Network failures reject with a `TypeError("fetch failed")` carrying the cause, as
 * `fetch` does.
 */
export function createLineFetch(origins: Iterable<string>, fallback: Fetch = fetch): Fetch {
  const lineOrigins = new Set([...origins].map((origin) => new URL(origin).origin));
  const agent = new Agent({ headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  const lineFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof URL ? input : typeof input === "string" ? new URL(input) : null;
    if (!url || !lineOrigins.has(url.origin) || typeof init?.body !== "string" || init.signal) {
      return fallback(input, init);
    }
    try {
      const answer = await request(url, {
        method: (init.method ?? "POST") as Dispatcher.HttpMethod,
        headers: headerRecord(init.headers),
        body: init.body,
        dispatcher: agent,
      });
      const bytes = new Uint8Array(await answer.body.arrayBuffer());
      return new BufferedResponse(answer.statusCode, answer.headers, bytes) as unknown as Response;
    } catch (cause) {
      throw new TypeError("fetch failed", { cause });
    }
  };
  return lineFetch as Fetch;
}

/**
 * Make this thread's global `fetch` the lean one for LINE's origins (the SDK reads the global on
 * each call). Each Node thread that calls LINE installs it once at start.
 */
export function installLineFetch(line: { apiBaseUrl: string; dataApiBaseUrl: string }): void {
  globalThis.fetch = createLineFetch([line.apiBaseUrl, line.dataApiBaseUrl], globalThis.fetch);
}
