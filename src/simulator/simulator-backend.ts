import type { SimulatorBackend, TranscriptEntry } from "../http/simulator.route";
import type { SignatureVerifier } from "../line/signature";
import { newLineUserId, type UserAction, webhookBody, webhookEvent } from "./webhook-events";

/** What the simulator needs from the LINE platform double. */
export interface DoubleForSimulator {
  issueReplyToken(userId: string): string;
  subscribe(listener: (delivery: { to: string[]; messages: unknown[]; at: number }) => void): () => void;
}

export interface SimulatorOptions {
  double: DoubleForSimulator;
  signer: SignatureVerifier;
  dispatch: (request: Request) => Promise<Response>;
  now: () => number;
  /** Most transcript entries kept per user. */
  keep?: number;
}

/** Plays LINE for the web chat: signs webhook events from chosen users and collects the bot's answers. */
export function createSimulatorBackend(options: SimulatorOptions): SimulatorBackend {
  const keep = options.keep ?? 200;
  const users = new Map<string, { id: string; name: string }>();
  const transcripts = new Map<string, TranscriptEntry[]>();
  let seq = 0;

  const append = (userId: string, entry: Omit<TranscriptEntry, "seq">) => {
    const list = transcripts.get(userId) ?? [];
    list.push({ ...entry, seq: ++seq });
    if (list.length > keep) list.splice(0, list.length - keep);
    transcripts.set(userId, list);
  };

  options.double.subscribe((delivery) => {
    for (const to of delivery.to) {
      if (users.has(to)) append(to, { from: "bot", at: delivery.at, messages: delivery.messages });
    }
  });

  return {
    users: () => [...users.values()],
    addUser(name) {
      const user = { id: newLineUserId(), name: name.trim().slice(0, 40) || "ผู้ใช้ใหม่" };
      users.set(user.id, user);
      return user;
    },
    async send(userId, action: UserAction) {
      if (!users.has(userId)) return { status: 404 };
      const at = options.now();
      const replyToken = action.type === "unfollow" ? undefined : options.double.issueReplyToken(userId);
      const event = webhookEvent(action, { userId, timestamp: at, replyToken });
      append(userId, { from: "user", at, messages: [action] });
      const body = webhookBody([event]);
      const response = await options.dispatch(
        new Request("http://simulator.local/webhook", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-line-signature": await options.signer.sign(body),
          },
          body,
        }),
      );
      return { status: response.status };
    },
    transcript(userId, after) {
      return (transcripts.get(userId) ?? []).filter((entry) => entry.seq > after);
    },
  };
}
