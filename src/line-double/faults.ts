import { z } from "zod";

export const FAULT_ENDPOINTS = [
  "reply",
  "push",
  "multicast",
  "profile",
  "loading",
  "content",
  "richmenu",
  "*",
] as const;
export const FAULT_KINDS = ["500", "429", "invalidReplyToken", "acceptThen500", "timeout"] as const;

/** Endpoint groups of the double; `other` is anything else under /v2. */
export type Endpoint = Exclude<(typeof FAULT_ENDPOINTS)[number], "*"> | "other";

export const faultSpecSchema = z.object({
  endpoint: z.enum(FAULT_ENDPOINTS),
  kind: z.enum(FAULT_KINDS),
  times: z.number().int().min(1).max(1_000_000),
  delayMs: z.number().int().min(0).max(600_000).optional(),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface ActiveFault {
  kind: FaultSpec["kind"];
  delayMs: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

export interface FaultQueue {
  inject(fault: FaultSpec): void;
  /** Takes the fault for the next call of `endpoint`, if any (oldest injected first). */
  take(endpoint: Endpoint): ActiveFault | undefined;
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let pending: { spec: FaultSpec; remaining: number }[] = [];
  return {
    inject(fault) {
      const spec = faultSpecSchema.parse(fault);
      pending.push({ spec, remaining: spec.times });
    },
    take(endpoint) {
      const entry = pending.find((f) => f.spec.endpoint === endpoint || f.spec.endpoint === "*");
      if (!entry) return undefined;
      entry.remaining--;
      if (entry.remaining <= 0) pending = pending.filter((f) => f !== entry);
      return { kind: entry.spec.kind, delayMs: entry.spec.delayMs ?? DEFAULT_TIMEOUT_MS };
    },
    clear() {
      pending = [];
    },
  };
}

/** Which fault endpoint a Messaging API request belongs to. */
export function endpointOf(method: string, path: string): Endpoint {
  if (method === "POST") {
    if (path === "/v2/bot/message/reply") return "reply";
    if (path === "/v2/bot/message/push") return "push";
    if (path === "/v2/bot/message/multicast") return "multicast";
    if (path === "/v2/bot/chat/loading/start") return "loading";
  }
  if (method === "GET") {
    if (path.startsWith("/v2/bot/profile/")) return "profile";
    if (/^\/v2\/bot\/message\/[^/]+\/content$/.test(path)) return "content";
  }
  if (path.startsWith("/v2/bot/richmenu") || /^\/v2\/bot\/user\/[^/]+\/richmenu(\/|$)/.test(path))
    return "richmenu";
  return "other";
}
