/**
 * The rich menus, one per kind of user, and the two things done with them: setting them up on the channel
 * (`npm run richmenu`) and linking the right one to a user whose role changed.
 *
 * A citizen sees the channel's default menu; staff, integrity officers, admins and executives get theirs
 * linked per user, found through a stable alias so a re-run of the setup never leaves the bot holding a stale
 * rich menu id. Every tap is a LINE message action whose text is a chat keyword (CONTRACT.md › Chat
 * contract), so it works exactly like typing the keyword.
 *
 * Web-standard only (Blob, crypto.subtle): the Worker and the Node script share it. LINE is reached through
 * the gateway (linking) and the rich-menu admin (setup), both in ./gateway.ts.
 */
import type { Role } from "../domain/roles";
import { LineApiError, type LineGateway, type RichMenuAdmin } from "./gateway";

export const RICH_MENU_KINDS = ["citizen", "staff", "executive"] as const;
export type RichMenuKind = (typeof RICH_MENU_KINDS)[number];

/** The full width and a compact height: one row of tiles that leaves the chat visible. */
export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;
export const RICH_MENU_CHAT_BAR_TEXT = "เมนูบริการ";
/** Names of the menus this code manages start with it; the setup deletes stale menus so named. */
export const RICH_MENU_NAME_PREFIX = "prongsai-";
export const RICH_MENU_MAX_IMAGE_BYTES = 1024 * 1024;

export const RICH_MENU_ALIAS_IDS: Record<RichMenuKind, string> = {
  citizen: "prongsai-citizen",
  staff: "prongsai-staff",
  executive: "prongsai-executive",
};

/** The chat keywords each menu offers, left to right. */
export const RICH_MENU_KEYWORDS: Record<RichMenuKind, readonly string[]> = {
  citizen: ["ร้องเรียน", "ติดตามเรื่อง", "ประเมิน", "เมนู"],
  staff: ["มาตรการ", "งานร้องเรียน", "ร้องเรียน", "เมนู"],
  executive: ["ภาพรวม", "รายงาน", "ติดตามเรื่อง", "เมนู"],
};

const MENU_KIND_BY_ROLE: Record<Role, RichMenuKind> = {
  citizen: "citizen",
  staff: "staff",
  integrity: "staff",
  admin: "executive",
  executive: "executive",
};

export function menuKindForRole(role: Role): RichMenuKind {
  return MENU_KIND_BY_ROLE[role];
}

/** A tap area whose tap sends a chat keyword, as if the user had typed it. */
export interface KeywordArea {
  bounds: { x: number; y: number; width: number; height: number };
  action: { type: "message"; label: string; text: string };
}

/** A rich menu object (LINE's `RichMenuRequest`) with every field present. */
export interface RichMenuDefinition {
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: KeywordArea[];
}

/** The tiles of one row, equal widths; the last one takes the rounding remainder. */
function tileAreas(keywords: readonly string[]): KeywordArea[] {
  const { width, height } = RICH_MENU_SIZE;
  const tileWidth = Math.floor(width / keywords.length);
  return keywords.map((keyword, i) => ({
    bounds: {
      x: i * tileWidth,
      y: 0,
      width: i === keywords.length - 1 ? width - i * tileWidth : tileWidth,
      height,
    },
    action: { type: "message", label: keyword, text: keyword },
  }));
}

/** The rich menu object of one kind, without the content fingerprint the setup adds to its name. */
export function richMenuRequest(kind: RichMenuKind): RichMenuDefinition {
  return {
    size: { ...RICH_MENU_SIZE },
    selected: false,
    name: `${RICH_MENU_NAME_PREFIX}${kind}`,
    chatBarText: RICH_MENU_CHAT_BAR_TEXT,
    areas: tileAreas(RICH_MENU_KEYWORDS[kind]),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Setup

export type RichMenuImages = Record<RichMenuKind, Blob>;

export interface RichMenuSetupEntry {
  kind: RichMenuKind;
  richMenuAliasId: string;
  richMenuId: string;
  name: string;
  /** false when the alias already pointed at a menu with the same content, which was kept. */
  created: boolean;
}

export interface RichMenuSetupResult {
  menus: RichMenuSetupEntry[];
  defaultRichMenuId: string;
  /** Menus deleted: the ones the aliases pointed to before, and stale ones left by an interrupted run. */
  deletedRichMenuIds: string[];
}

function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((byte, i) => bytes[i] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Refuses, before any call to LINE, an image LINE would refuse or that would not fit the menu's areas. */
export function checkRichMenuImage(kind: RichMenuKind, image: Blob, bytes: Uint8Array): void {
  const what = `the ${kind} rich menu image`;
  if (image.type !== "image/png") throw new Error(`${what} must be a PNG (image/png), not "${image.type}"`);
  if (bytes.byteLength > RICH_MENU_MAX_IMAGE_BYTES) {
    throw new Error(
      `${what} is ${bytes.byteLength} bytes; LINE accepts at most ${RICH_MENU_MAX_IMAGE_BYTES}`,
    );
  }
  const size = pngSize(bytes);
  if (!size) throw new Error(`${what} is not a PNG file`);
  if (size.width !== RICH_MENU_SIZE.width || size.height !== RICH_MENU_SIZE.height) {
    throw new Error(
      `${what} is ${size.width}x${size.height}; the menu is ${RICH_MENU_SIZE.width}x${RICH_MENU_SIZE.height}`,
    );
  }
}

/** A short fingerprint of a menu's object and image, kept in its name to recognise an unchanged menu. */
async function fingerprint(request: RichMenuDefinition, bytes: Uint8Array): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(request));
  const data = new Uint8Array(json.byteLength + bytes.byteLength);
  data.set(json, 0);
  data.set(bytes, json.byteLength);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest.slice(0, 6), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function isLineStatus(error: unknown, ...statuses: number[]): error is LineApiError {
  return error instanceof LineApiError && statuses.includes(error.status);
}

/** Deletes a rich menu; one that is already gone is fine. */
async function deleteMenu(admin: RichMenuAdmin, richMenuId: string): Promise<void> {
  try {
    await admin.deleteRichMenu(richMenuId);
  } catch (error) {
    if (!isLineStatus(error, 404)) throw error;
  }
}

/** Points the alias at the menu: updates it when it exists, creates it otherwise. */
async function pointAlias(
  admin: RichMenuAdmin,
  richMenuAliasId: string,
  richMenuId: string,
  exists: boolean,
): Promise<void> {
  if (exists) {
    await admin.updateRichMenuAlias(richMenuAliasId, richMenuId);
    return;
  }
  try {
    await admin.createRichMenuAlias(richMenuAliasId, richMenuId);
  } catch (error) {
    // Created meanwhile (another run): update it instead.
    if (!isLineStatus(error, 400) || error.lineMessage !== "conflict richmenu alias id") throw error;
    await admin.updateRichMenuAlias(richMenuAliasId, richMenuId);
  }
}

/**
 * Creates the three rich menus with their images, points the aliases at them, makes the citizen menu the
 * default and deletes the menus they replace. A menu whose object and image did not change is kept as it is,
 * so a second run changes nothing. Users linked to a replaced menu fall back to the default (LINE drops the
 * links of a deleted menu): relink them with `linkMenuForRole`.
 */
export async function setupRichMenus(
  admin: RichMenuAdmin,
  images: RichMenuImages,
): Promise<RichMenuSetupResult> {
  const wanted = await Promise.all(
    RICH_MENU_KINDS.map(async (kind) => {
      const image = images[kind];
      const bytes = new Uint8Array(await image.arrayBuffer());
      checkRichMenuImage(kind, image, bytes);
      const base = richMenuRequest(kind);
      const request = { ...base, name: `${base.name}@${await fingerprint(base, bytes)}` };
      return { kind, image, request, richMenuAliasId: RICH_MENU_ALIAS_IDS[kind] };
    }),
  );

  const [richmenus, aliases] = await Promise.all([admin.richMenus(), admin.richMenuAliases()]);
  const menusById = new Map(richmenus.map((menu) => [menu.richMenuId, menu]));
  const aliasTargets = new Map(aliases.map((alias) => [alias.richMenuAliasId, alias.richMenuId]));

  const entries: RichMenuSetupEntry[] = [];
  const createdIds: string[] = [];
  try {
    for (const { kind, image, request, richMenuAliasId } of wanted) {
      const current = aliasTargets.get(richMenuAliasId);
      if (current !== undefined && menusById.get(current)?.name === request.name) {
        entries.push({ kind, richMenuAliasId, richMenuId: current, name: request.name, created: false });
        continue;
      }
      const richMenuId = await admin.createRichMenu(request);
      createdIds.push(richMenuId);
      await admin.uploadRichMenuImage(richMenuId, image);
      entries.push({ kind, richMenuAliasId, richMenuId, name: request.name, created: true });
    }
  } catch (error) {
    // Nothing points at the new menus yet: remove them so a failed run leaves the channel as it was.
    await Promise.allSettled(createdIds.map((richMenuId) => deleteMenu(admin, richMenuId)));
    throw error;
  }

  for (const entry of entries) {
    if (!entry.created) continue;
    await pointAlias(admin, entry.richMenuAliasId, entry.richMenuId, aliasTargets.has(entry.richMenuAliasId));
  }
  const citizen = entries.find((entry) => entry.kind === "citizen");
  if (!citizen) throw new Error("the citizen rich menu is missing");
  await admin.setDefaultRichMenu(citizen.richMenuId);

  const keep = new Set(entries.map((entry) => entry.richMenuId));
  const replaced = new Set(wanted.map(({ richMenuAliasId }) => aliasTargets.get(richMenuAliasId)));
  const stale = richmenus
    .filter((menu) => !keep.has(menu.richMenuId))
    .filter((menu) => replaced.has(menu.richMenuId) || menu.name.startsWith(RICH_MENU_NAME_PREFIX))
    .map((menu) => menu.richMenuId);
  for (const richMenuId of stale) await deleteMenu(admin, richMenuId);

  return { menus: entries, defaultRichMenuId: citizen.richMenuId, deletedRichMenuIds: stale };
}

// ---------------------------------------------------------------------------------------------------------
// Linking

export type LinkMenuResult =
  /** A staff, integrity, admin or executive user now has the menu of their kind. */
  | { outcome: "linked"; kind: Exclude<RichMenuKind, "citizen">; richMenuAliasId: string; richMenuId: string }
  /** A citizen: the per-user menu was removed, so the channel's default (citizen) menu applies. */
  | { outcome: "unlinked"; kind: "citizen" }
  /** The menus are not set up (or not completely): nothing changed; run `npm run richmenu`. */
  | {
      outcome: "not-set-up";
      kind: Exclude<RichMenuKind, "citizen">;
      richMenuAliasId: string;
      detail: string;
    };

/** LINE's answers that mean the menu behind the alias is missing or unusable, not that the call was wrong. */
function menuMissing(error: unknown): error is LineApiError {
  if (isLineStatus(error, 404)) return true;
  return isLineStatus(error, 400) && /richmenu not found|must upload richmenu image/i.test(error.lineMessage);
}

/**
 * Gives the user the rich menu of their role. A missing alias or menu is reported as `not-set-up` instead of
 * thrown; other LINE failures (5xx, 429, a bad token or user id) are thrown as the gateway's `LineApiError`.
 */
export async function linkMenuForRole(
  line: Pick<LineGateway, "linkMenu" | "richMenuAlias">,
  lineUserId: string,
  role: Role,
): Promise<LinkMenuResult> {
  const kind = menuKindForRole(role);
  if (kind === "citizen") {
    try {
      await line.linkMenu(lineUserId, null);
    } catch (error) {
      // No per-user menu to remove: the default applies already.
      if (!isLineStatus(error, 404)) throw error;
    }
    return { outcome: "unlinked", kind };
  }
  const richMenuAliasId = RICH_MENU_ALIAS_IDS[kind];
  try {
    const alias: { richMenuId?: unknown } = await line.richMenuAlias(richMenuAliasId);
    const richMenuId = alias.richMenuId;
    // An answer without a menu id is an alias not set up, never a link to `/richmenu/undefined`.
    if (typeof richMenuId !== "string" || richMenuId === "") {
      return {
        outcome: "not-set-up",
        kind,
        richMenuAliasId,
        detail: "LINE's alias answer has no richMenuId",
      };
    }
    await line.linkMenu(lineUserId, richMenuId);
    return { outcome: "linked", kind, richMenuAliasId, richMenuId };
  } catch (error) {
    if (!menuMissing(error)) throw error;
    const detail = `LINE answered ${error.status}${error.lineMessage ? `: ${error.lineMessage}` : ""}`;
    return { outcome: "not-set-up", kind, richMenuAliasId, detail };
  }
}
