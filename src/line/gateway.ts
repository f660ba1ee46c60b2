/**
 * The LINE gateway: the Messaging API calls the product makes, and nothing else, over a transport the
 * runtime entry injects (a Web `fetch` by default: Workers and tests; Node passes its own, see
 * src/runtime/node-line-transport.ts). Request and answer shapes are `@line/bot-sdk`'s types; the HTTP is
 * done here so that every call has a deadline (an `AbortSignal`) and every refusal is one error type.
 *
 * The rich-menu setup (create, upload, aliases, default) is a separate `RichMenuAdmin` over the same
 * request code: only `npm run richmenu` and the simulator's start use it, so the app's deps do not
 * carry it and a test double of the gateway stays seven methods long.
 *
 * Endpoints, methods, headers and bodies are those @line/bot-sdk 11 sent before (Bearer token, JSON
 * with `Content-Type: application/json` on every POST, `X-Line-Retry-Key` on pushes):
 * https://developers.line.biz/en/reference/messaging-api/
 */
import type { messagingApi } from "@line/bot-sdk";

/** What the gateway reads of an answer: a subset of the Web `Response`, so `fetch` is a transport as it is. */
export interface LineAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

export interface LineRequestInit {
  method: "GET" | "POST" | "DELETE";
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  /** Aborts the call, the reading of the answer included. */
  signal: AbortSignal;
}

/** Sends one request: `fetch` itself, or a runtime's leaner client with the same contract. */
export type LineTransport = (url: string, init: LineRequestInit) => Promise<LineAnswer>;

/** LINE refused the call (a status other than 2xx): its status, body and request id, as LINE sent them. */
export class LineApiError extends Error {
  override readonly name = "LineApiError";
  constructor(
    /** The gateway operation, e.g. `push`. */
    readonly call: string,
    readonly status: number,
    /** LINE's answer as text (JSON such as `{"message":"Invalid reply token"}`). */
    readonly body: string,
    /** `x-line-request-id`, what LINE's support asks for. */
    readonly requestId: string | undefined,
  ) {
    super(`LINE answered ${status} to ${call}`);
  }

  /** The `message` of LINE's JSON error body, or "". */
  get lineMessage(): string {
    try {
      const parsed = JSON.parse(this.body) as { message?: unknown };
      return typeof parsed.message === "string" ? parsed.message : "";
    } catch {
      return "";
    }
  }
}

/** LINE did not answer (or finish answering) in time; the request may or may not have taken effect. */
export class LineTimeoutError extends Error {
  override readonly name = "LineTimeoutError";
  constructor(
    readonly call: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer from LINE within ${timeoutMs} ms`);
  }
}

export type LineContent =
  | { ok: true; bytes: Uint8Array; contentType: string }
  /** Larger than the caller's limit: not read further. */
  | { ok: false; reason: "too-large" };

/** The Messaging API calls the product makes (AppDeps.line). */
export interface LineGateway {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<void>;
  /** `retryKey` goes out as `X-Line-Retry-Key`: LINE accepts a push once per key for 24 h (then 409). */
  push(to: string, messages: messagingApi.Message[], retryKey?: string): Promise<void>;
  showLoading(chatId: string, loadingSeconds: number): Promise<void>;
  profile(userId: string): Promise<messagingApi.UserProfileResponse>;
  /** A message's content (api-data): the bytes and their content type, read up to `maxBytes`. */
  content(messageId: string, options: { maxBytes: number }): Promise<LineContent>;
  /** Link a rich menu to a user, or (`null`) remove the user's own so the default applies. */
  linkMenu(userId: string, richMenuId: string | null): Promise<void>;
  richMenuAlias(richMenuAliasId: string): Promise<messagingApi.RichMenuAliasResponse>;
  botInfo(): Promise<messagingApi.BotInfoResponse>;
}

/** Setting up the channel's rich menus (`setupRichMenus`): the script and the simulator, not the app. */
export interface RichMenuAdmin {
  richMenus(): Promise<messagingApi.RichMenuResponse[]>;
  richMenuAliases(): Promise<messagingApi.RichMenuAliasResponse[]>;
  createRichMenu(menu: messagingApi.RichMenuRequest): Promise<string>;
  uploadRichMenuImage(richMenuId: string, image: Blob): Promise<void>;
  setDefaultRichMenu(richMenuId: string): Promise<void>;
  deleteRichMenu(richMenuId: string): Promise<void>;
  createRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void>;
  updateRichMenuAlias(richMenuAliasId: string, richMenuId: string): Promise<void>;
}

export const LINE_TIMEOUTS = {
  /** JSON calls: the delivery job's deadline since the first outbox (a late answer is retried with its key). */
  jsonMs: 10_000,
  /** Message content and rich-menu images (up to 10 MB and 1 MB) get longer. */
  binaryMs: 30_000,
} as const;

export interface LineGatewayOptions {
  channelAccessToken: string;
  /** Origin of api.line.me (or the double). */
  apiBaseUrl: string;
  /** Origin of api-data.line.me (content and rich-menu images). */
  dataApiBaseUrl: string;
  transport?: LineTransport;
  timeouts?: Partial<Record<keyof typeof LINE_TIMEOUTS, number>>;
}

interface Call {
  name: string;
  method: LineRequestInit["method"];
  /** `data` for api-data.line.me. */
  host?: "api" | "data";
  path: string;
  json?: unknown;
  binary?: { bytes: Uint8Array<ArrayBuffer>; contentType: string };
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** Who calls, for LINE's logs (the SDK sent `@line/bot-sdk/<version>`). */
const USER_AGENT = "prongsai";

const webFetch: LineTransport = (url, init) => fetch(url, init);

/** The request code both interfaces share: headers, deadline, errors. */
function createLineHttp(options: LineGatewayOptions) {
  const transport = options.transport ?? webFetch;
  const origins = {
    api: new URL(options.apiBaseUrl).origin,
    data: new URL(options.dataApiBaseUrl).origin,
  };
  const authorization = `Bearer ${options.channelAccessToken}`;
  const timeouts = { ...LINE_TIMEOUTS, ...options.timeouts };

  /** Runs the call; `read` consumes a 2xx answer under the same deadline. */
  async function call<T>(spec: Call, read: (answer: LineAnswer) => Promise<T>): Promise<T> {
    const headers: Record<string, string> = {
      Authorization: authorization,
      "User-Agent": USER_AGENT,
      ...spec.headers,
    };
    let body: LineRequestInit["body"];
    if (spec.binary) {
      headers["Content-Type"] = spec.binary.contentType;
      body = spec.binary.bytes;
    } else if (spec.method === "POST") {
      headers["Content-Type"] = "application/json";
      if (spec.json !== undefined) body = JSON.stringify(spec.json);
    }
    // A deadline cleared when the call settles, not `AbortSignal.timeout`: its timer stays armed for
    // the whole timeout, and workerd refuses more than 10,000 armed timers in one I/O context ("You
    // have exceeded the number of active timeouts you may set. max active timeouts: 10000"), which a
    // Durable Object delivering ~1,000 answers a second with 10 s deadlines reaches.
    const deadline = new AbortController();
    const { signal } = deadline;
    const timer = setTimeout(() => deadline.abort(), spec.timeoutMs);
    const url = `${origins[spec.host ?? "api"]}${spec.path}`;
    try {
      const answer = await transport(url, { method: spec.method, headers, body, signal });
      if (answer.status < 200 || answer.status > 299) {
        const text = await answer.text();
        throw new LineApiError(
          spec.name,
          answer.status,
          text,
          answer.headers.get("x-line-request-id") ?? undefined,
        );
      }
      return await read(answer);
    } catch (error) {
      if (signal.aborted && !(error instanceof LineApiError)) {
        throw new LineTimeoutError(spec.name, spec.timeoutMs);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  const drain = async (answer: LineAnswer): Promise<void> => {
    await answer.text();
  };
  const json = async <T>(answer: LineAnswer): Promise<T> => JSON.parse(await answer.text()) as T;

  return { call, drain, json, timeouts };
}

/** Reads a body up to `maxBytes`; null (and the rest left unread) when it is longer. */
async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

const segment = encodeURIComponent;

export function createLineGateway(options: LineGatewayOptions): LineGateway {
  const { call, drain, json, timeouts } = createLineHttp(options);
  const jsonMs = timeouts.jsonMs;
  return {
    reply: (replyToken, messages) =>
      call(
        {
          name: "reply",
          method: "POST",
          path: "/v2/bot/message/reply",
          json: { replyToken, messages },
          timeoutMs: jsonMs,
        },
        drain,
      ),
    push: (to, messages, retryKey) =>
      call(
        {
          name: "push",
          method: "POST",
          path: "/v2/bot/message/push",
          json: { to, messages },
          headers: retryKey === undefined ? undefined : { "X-Line-Retry-Key": retryKey },
          timeoutMs: jsonMs,
        },
        drain,
      ),
    showLoading: (chatId, loadingSeconds) =>
      call(
        {
          name: "loading",
          method: "POST",
          path: "/v2/bot/chat/loading/start",
          json: { chatId, loadingSeconds },
          timeoutMs: jsonMs,
        },
        drain,
      ),
    profile: (userId) =>
      call(
        { name: "profile", method: "GET", path: `/v2/bot/profile/${segment(userId)}`, timeoutMs: jsonMs },
        json<messagingApi.UserProfileResponse>,
      ),
    content: (messageId, { maxBytes }) =>
      call(
        {
          name: "content",
          method: "GET",
          host: "data",
          path: `/v2/bot/message/${segment(messageId)}/content`,
          timeoutMs: timeouts.binaryMs,
        },
        async (answer): Promise<LineContent> => {
          const contentType = answer.headers.get("content-type") ?? "application/octet-stream";
          // Refused on its declared length before reading; a body without one is counted as it comes.
          if (Number(answer.headers.get("content-length") ?? 0) > maxBytes) {
            await answer.body?.cancel().catch(() => {});
            return { ok: false, reason: "too-large" };
          }
          const bytes = answer.body ? await readBounded(answer.body, maxBytes) : new Uint8Array();
          return bytes ? { ok: true, bytes, contentType } : { ok: false, reason: "too-large" };
        },
      ),
    linkMenu: (userId, richMenuId) =>
      richMenuId === null
        ? call(
            {
              name: "richmenu",
              method: "DELETE",
              path: `/v2/bot/user/${segment(userId)}/richmenu`,
              timeoutMs: jsonMs,
            },
            drain,
          )
        : call(
            {
              name: "richmenu",
              method: "POST",
              path: `/v2/bot/user/${segment(userId)}/richmenu/${segment(richMenuId)}`,
              timeoutMs: jsonMs,
            },
            drain,
          ),
    richMenuAlias: (richMenuAliasId) =>
      call(
        {
          name: "richmenu",
          method: "GET",
          path: `/v2/bot/richmenu/alias/${segment(richMenuAliasId)}`,
          timeoutMs: jsonMs,
        },
        json<messagingApi.RichMenuAliasResponse>,
      ),
    botInfo: () =>
      call(
        { name: "info", method: "GET", path: "/v2/bot/info", timeoutMs: jsonMs },
        json<messagingApi.BotInfoResponse>,
      ),
  };
}

export function createRichMenuAdmin(options: LineGatewayOptions): RichMenuAdmin {
  const { call, drain, json, timeouts } = createLineHttp(options);
  const jsonMs = timeouts.jsonMs;
  const admin = (method: Call["method"], path: string, body?: unknown) =>
    call({ name: "richmenu", method, path, json: body, timeoutMs: jsonMs }, drain);
  return {
    richMenus: async () =>
      (
        await call(
          { name: "richmenu", method: "GET", path: "/v2/bot/richmenu/list", timeoutMs: jsonMs },
          json<messagingApi.RichMenuListResponse>,
        )
      ).richmenus,
    richMenuAliases: async () =>
      (
        await call(
          { name: "richmenu", method: "GET", path: "/v2/bot/richmenu/alias/list", timeoutMs: jsonMs },
          json<messagingApi.RichMenuAliasListResponse>,
        )
      ).aliases,
    createRichMenu: async (menu) =>
      (
        await call(
          { name: "richmenu", method: "POST", path: "/v2/bot/richmenu", json: menu, timeoutMs: jsonMs },
          json<messagingApi.RichMenuIdResponse>,
        )
      ).richMenuId,
    uploadRichMenuImage: async (richMenuId, image) =>
      call(
        {
          name: "richmenu",
          method: "POST",
          host: "data",
          path: `/v2/bot/richmenu/${segment(richMenuId)}/content`,
          binary: { bytes: new Uint8Array(await image.arrayBuffer()), contentType: image.type },
          timeoutMs: timeouts.binaryMs,
        },
        drain,
      ),
    setDefaultRichMenu: (richMenuId) => admin("POST", `/v2/bot/user/all/richmenu/${segment(richMenuId)}`),
    deleteRichMenu: (richMenuId) => admin("DELETE", `/v2/bot/richmenu/${segment(richMenuId)}`),
    createRichMenuAlias: (richMenuAliasId, richMenuId) =>
      admin("POST", "/v2/bot/richmenu/alias", { richMenuAliasId, richMenuId }),
    updateRichMenuAlias: (richMenuAliasId, richMenuId) =>
      admin("POST", `/v2/bot/richmenu/alias/${segment(richMenuAliasId)}`, { richMenuId }),
  };
}
