/**
 * Node's transport for the LINE gateway: `undici.request` on a keep-alive pool instead of the global
 * `fetch`. On Node 20 each `fetch` builds a WHATWG Request, Response, Headers and a web stream for the
 * body; `undici.request` is the same HTTP client underneath without them. Measured with
 * `node --import tsx scripts/bench-line-transport.ts` on the 2-core machine (20,000 replies, 16 in
 * flight, median of 5 rounds): 543 µs of CPU per reply through `fetch`, 144 µs through this transport.
 * Replies are most of the processing thread's LINE work. About 30 µs of the 144 is the call's deadline
 * (`AbortSignal.timeout` and undici's abort listener).
 *
 * The answer keeps the part of `Response` the gateway reads; the body becomes a web stream only when
 * asked for (message content), otherwise it is read as text straight from undici.
 */
import { Readable } from "node:stream";
import { Agent, type Dispatcher, request } from "undici";
import type { LineAnswer, LineTransport } from "../line/gateway";

class UndiciAnswer implements LineAnswer {
  readonly headers: { get(name: string): string | null };

  constructor(private readonly answer: Dispatcher.ResponseData) {
    const raw = answer.headers;
    this.headers = {
      get(name) {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    };
  }

  get status(): number {
    return this.answer.statusCode;
  }

  get body(): ReadableStream<Uint8Array> {
    return Readable.toWeb(this.answer.body) as ReadableStream<Uint8Array>;
  }

  text(): Promise<string> {
    return this.answer.body.text();
  }
}

export interface NodeLineTransport extends LineTransport {
  /** Close the pool's connections (a thread that stops). */
  close(): Promise<void>;
}

/** One pool per thread that calls LINE; deadlines come from each call's signal (the gateway's). */
export function createNodeLineTransport(): NodeLineTransport {
  const agent = new Agent();
  const transport: LineTransport = async (url, init) =>
    new UndiciAnswer(
      await request(url, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: init.signal,
        dispatcher: agent,
      }),
    );
  return Object.assign(transport, { close: () => agent.close() });
}
