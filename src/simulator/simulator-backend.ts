import type { Role } from "../domain/roles";
import type {
  AddUserResult,
  NewSimulatorUser,
  SimulatorBackend,
  SimulatorMenu,
  SimulatorUser,
  TranscriptEntry,
} from "../http/simulator.route";
import type { SignatureVerifier } from "../line/signature";
import { newLineUserId, newMessageId, type UserAction, webhookBody, webhookEvent } from "./webhook-events";

/** A rich menu as the double holds it: LINE's request object and the uploaded image. */
export interface ShownMenu {
  richMenuId: string;
  request: Record<string, unknown>;
  image?: { bytes: Uint8Array; contentType: string };
}

/** What the simulator needs from the LINE platform double. */
export interface DoubleForSimulator {
  issueReplyToken(userId: string): string;
  subscribe(
    listener: (delivery: { to: string[]; messages: unknown[]; at: number; kind?: string }) => void,
  ): () => void;
  setContent(messageId: string, bytes: Uint8Array, contentType: string): void;
  setProfile(userId: string, profile: { displayName: string } | null): void;
  /** The rich menu LINE shows the user: theirs when linked, else the channel's default. */
  richMenuOf(userId: string): ShownMenu | undefined;
}

/** The role and unit the bot holds for a user now (they change when an invite is redeemed in chat). */
export type RoleOf = (
  lineUserId: string,
) => Promise<{ role: Role; unitId: string | null; unitName: string | null } | undefined>;

export interface SimulatorOptions {
  double: DoubleForSimulator;
  signer: SignatureVerifier;
  dispatch: (request: Request) => Promise<Response>;
  now: () => number;
  /**
   * The admin API's token: roles are given as in production, through an invite created by the admin
   * API and redeemed in chat with `ลงทะเบียน <code>`. Without it only citizens can be created.
   */
  adminToken?: string;
  /** Most transcript entries kept per user. */
  keep?: number;
  /** Most uploaded photos kept for the page to show. */
  keepPhotos?: number;
  /** Reads the bot's own record of a user's role; without it the role given at creation is shown. */
  roleOf?: RoleOf;
  /** Writes the demo's measures for a unit; how many were created. */
  demoMeasures?: (unitId: string) => Promise<number>;
}

const ORIGIN = "http://simulator.local";

/** Plays LINE for the web chat: signs webhook events from chosen users and collects the bot's answers. */
export function createSimulatorBackend(options: SimulatorOptions): SimulatorBackend {
  const keep = options.keep ?? 200;
  const keepPhotos = options.keepPhotos ?? 50;
  const users = new Map<string, SimulatorUser>();
  const transcripts = new Map<string, TranscriptEntry[]>();
  const photos = new Map<string, { bytes: Uint8Array; contentType: string }>();
  let seq = 0;

  const append = (userId: string, entry: Omit<TranscriptEntry, "seq">) => {
    const list = transcripts.get(userId) ?? [];
    list.push({ ...entry, seq: ++seq });
    if (list.length > keep) list.splice(0, list.length - keep);
    transcripts.set(userId, list);
  };

  options.double.subscribe((delivery) => {
    const via = delivery.kind === "reply" || delivery.kind === "push" || delivery.kind === "multicast";
    for (const to of delivery.to) {
      const user = users.get(to);
      if (!user) continue;
      append(to, {
        from: "bot",
        at: delivery.at,
        messages: delivery.messages,
        ...(via ? { via: delivery.kind as TranscriptEntry["via"] } : {}),
        ...(user.blocked ? { undelivered: true } : {}),
      });
    }
  });

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await options.dispatch(
      new Request(`${ORIGIN}/api/admin${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.adminToken ?? ""}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    return { status: response.status, json };
  };

  const units = async () => {
    if (!options.adminToken) return [];
    const { status, json } = await admin("GET", "/units");
    return status === 200 && Array.isArray(json?.items)
      ? (json.items as Array<{ id: string; name: string }>)
      : [];
  };

  /** Sign one event from the user and post it to the bot's webhook, as LINE would. */
  const post = async (user: SimulatorUser, action: UserAction, shown: unknown = action) => {
    const at = options.now();
    if (action.type === "unfollow") {
      user.blocked = true;
      options.double.setProfile(user.id, null); // LINE: no profile for a user who blocked the OA
    }
    let event = action;
    if (action.type === "follow") {
      event = { type: "follow", isUnblocked: user.blocked };
      user.blocked = false;
      options.double.setProfile(user.id, { displayName: user.name });
    }
    const replyToken = action.type === "unfollow" ? undefined : options.double.issueReplyToken(user.id);
    const body = webhookBody([webhookEvent(event, { userId: user.id, timestamp: at, replyToken })]);
    append(user.id, { from: "user", at, messages: [shown] });
    const response = await options.dispatch(
      new Request(`${ORIGIN}/webhook`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-line-signature": await options.signer.sign(body),
        },
        body,
      }),
    );
    return { status: response.status };
  };

  /** An invite through the admin API, exactly as an admin would make one. */
  const invite = async (role: Role, unitId: string | undefined): Promise<AddUserResult | string> => {
    if (!options.adminToken) {
      return { ok: false, status: 503, field: "role", message: "roles need the admin API token" };
    }
    const { status, json } = await admin("POST", "/invites", { role, ...(unitId ? { unitId } : {}) });
    if (status === 201 && typeof json?.code === "string") return json.code;
    return {
      ok: false,
      status: 400,
      field: typeof json?.field === "string" && json.field ? json.field : "role",
      message: typeof json?.message === "string" ? json.message : `invite refused (${status})`,
    };
  };

  /** The user's role as the bot holds it now (a `ลงทะเบียน` in chat changes it). */
  const refreshRole = async (user: SimulatorUser) => {
    const current = await options.roleOf?.(user.id).catch(() => undefined);
    if (!current) return;
    user.role = current.role;
    user.unitId = current.unitId;
    user.unitName = current.unitName;
  };

  const menuOf = (userId: string): SimulatorMenu | null => {
    const shown = options.double.richMenuOf(userId);
    if (!shown?.image) return null;
    const request = shown.request as Partial<Omit<SimulatorMenu, "richMenuId" | "imageUrl">>;
    return {
      richMenuId: shown.richMenuId,
      size: request.size ?? { width: 2500, height: 843 },
      chatBarText: request.chatBarText ?? "",
      selected: request.selected ?? false,
      areas: Array.isArray(request.areas) ? request.areas : [],
      imageUrl: `/simulator/api/menu-images/${shown.richMenuId}`,
    };
  };

  return {
    async users() {
      const all = [...users.values()];
      await Promise.all(all.map(refreshRole));
      return all.map((user) => ({ ...user }));
    },
    menu: (userId) => (users.has(userId) ? menuOf(userId) : undefined),
    menuImage(richMenuId) {
      for (const user of users.values()) {
        const shown = options.double.richMenuOf(user.id);
        if (shown?.richMenuId === richMenuId && shown.image) return shown.image;
      }
      return undefined;
    },
    async demoData(unitId) {
      return { measures: options.demoMeasures ? await options.demoMeasures(unitId) : 0 };
    },
    units,
    async addUser(input: NewSimulatorUser): Promise<AddUserResult> {
      const role = input.role ?? "citizen";
      const unitId = role === "citizen" ? undefined : input.unitId;
      const code = role === "citizen" ? undefined : await invite(role, unitId);
      if (typeof code === "object") return code;
      const unitName = unitId ? ((await units()).find((unit) => unit.id === unitId)?.name ?? null) : null;
      const user: SimulatorUser = {
        id: newLineUserId(),
        name: input.name.trim().slice(0, 40) || "ผู้ใช้ใหม่",
        role,
        unitId: unitId ?? null,
        unitName,
        blocked: false,
      };
      users.set(user.id, user);
      options.double.setProfile(user.id, { displayName: user.name });
      if (input.follow) await post(user, { type: "follow" });
      // The role arrives the way it does in production: the person types the code in chat.
      if (code) await post(user, { type: "text", text: `ลงทะเบียน ${code}` });
      return { ok: true, user: { ...user } };
    },
    async send(userId, action: UserAction) {
      const user = users.get(userId);
      if (!user) return { status: 404 };
      return post(user, action);
    },
    async sendPhoto(userId, bytes, contentType) {
      const user = users.get(userId);
      if (!user) return { status: 404 };
      const messageId = newMessageId();
      options.double.setContent(messageId, bytes, contentType);
      photos.set(messageId, { bytes: bytes.slice(), contentType });
      while (photos.size > keepPhotos) {
        const oldest = photos.keys().next().value;
        if (oldest === undefined) break;
        photos.delete(oldest);
      }
      const shown = { type: "image", messageId, url: `/simulator/api/photos/${messageId}` };
      const result = await post(user, { type: "image", messageId }, shown);
      return { ...result, messageId };
    },
    photo: (messageId) => photos.get(messageId),
    transcript(userId, after) {
      return (transcripts.get(userId) ?? []).filter((entry) => entry.seq > after);
    },
  };
}
