import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { messagingApi } from "@line/bot-sdk";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { matchCommand } from "../src/bot/commands";
import { ROLES, type Role } from "../src/domain/roles";
import { coreCommands } from "../src/features/common.feature";
import {
  createLineGateway,
  createRichMenuAdmin,
  LineApiError,
  type LineGateway,
  type RichMenuAdmin,
} from "../src/line/gateway";
import {
  checkRichMenuImage,
  linkMenuForRole,
  menuKindForRole,
  RICH_MENU_ALIAS_IDS,
  RICH_MENU_KEYWORDS,
  RICH_MENU_KINDS,
  RICH_MENU_SIZE,
  type RichMenuImages,
  type RichMenuKind,
  richMenuRequest,
  setupRichMenus,
} from "../src/line/rich-menus";
import { graphemeLength } from "../src/line-double/openapi-validator";
import { type RunningDouble, startDouble, TEST_ACCESS_TOKEN } from "./support/double";

const ROOT = join(import.meta.dirname, "..");
const USER = "U1b2c3d4e5f60718293a4b5c6d7e8f901";

let running: RunningDouble;
let admin: RichMenuAdmin;
let line: LineGateway;
/** The SDK's own clients, to read back what the code under test did (a second, independent client). */
let reader: { messaging: messagingApi.MessagingApiClient; blob: messagingApi.MessagingApiBlobClient };
let assetBytes: Record<RichMenuKind, Uint8Array>;

function images(overrides: Partial<Record<RichMenuKind, Uint8Array>> = {}): RichMenuImages {
  const blob = (kind: RichMenuKind) =>
    new Blob([(overrides[kind] ?? assetBytes[kind]).slice()], { type: "image/png" });
  return { citizen: blob("citizen"), staff: blob("staff"), executive: blob("executive") };
}

async function aliasTargets(): Promise<Record<string, string>> {
  const aliases = await admin.richMenuAliases();
  return Object.fromEntries(aliases.map((alias) => [alias.richMenuAliasId, alias.richMenuId]));
}

async function menuIds(): Promise<string[]> {
  return (await admin.richMenus()).map((menu) => menu.richMenuId).sort();
}

async function imageOf(richMenuId: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of await reader.blob.getRichMenuImage(richMenuId)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

function createRequests(): number {
  return running.double.requests().filter((r) => r.method === "POST" && r.path === "/v2/bot/richmenu").length;
}

beforeAll(async () => {
  running = await startDouble();
  admin = createRichMenuAdmin(running.lineOptions);
  line = createLineGateway(running.lineOptions);
  reader = {
    messaging: new messagingApi.MessagingApiClient({
      channelAccessToken: TEST_ACCESS_TOKEN,
      baseURL: running.origin,
    }),
    blob: new messagingApi.MessagingApiBlobClient({
      channelAccessToken: TEST_ACCESS_TOKEN,
      baseURL: running.origin,
    }),
  };
  const entries = await Promise.all(
    RICH_MENU_KINDS.map(
      async (kind) =>
        [kind, new Uint8Array(await readFile(join(ROOT, "assets/richmenu", `${kind}.png`)))] as const,
    ),
  );
  assetBytes = Object.fromEntries(entries) as Record<RichMenuKind, Uint8Array>;
});
afterAll(() => running.close());
beforeEach(() => running.double.reset());
afterEach(() => {
  expect(running.double.invalidRequests()).toEqual([]);
});

describe("the menus as data", () => {
  it("gives citizens the citizen menu, staff and integrity officers the staff menu, executives and admins theirs", () => {
    const kinds = Object.fromEntries(ROLES.map((role) => [role, menuKindForRole(role)]));
    expect(kinds).toEqual({
      citizen: "citizen",
      staff: "staff",
      integrity: "staff",
      executive: "executive",
      admin: "executive",
    });
  });

  it("offers exactly the agreed keywords, each a message action sending the keyword", () => {
    expect(RICH_MENU_KEYWORDS).toEqual({
      citizen: ["ร้องเรียน", "ติดตามเรื่อง", "ประเมิน", "เมนู"],
      staff: ["มาตรการ", "งานร้องเรียน", "ร้องเรียน", "เมนู"],
      executive: ["ภาพรวม", "รายงาน", "ติดตามเรื่อง", "เมนู"],
    });
    for (const kind of RICH_MENU_KINDS) {
      const menu = richMenuRequest(kind);
      expect(menu.areas.map((area) => area.action)).toEqual(
        RICH_MENU_KEYWORDS[kind].map((keyword) => ({ type: "message", label: keyword, text: keyword })),
      );
      for (const { action } of menu.areas) expect(graphemeLength(action.label)).toBeLessThanOrEqual(20);
    }
  });

  it("sends only keywords the bot answers", () => {
    const commands = coreCommands();
    for (const kind of RICH_MENU_KINDS) {
      for (const { action } of richMenuRequest(kind).areas) {
        expect(matchCommand(commands, action.text)?.command.keyword, action.text).toBe(action.text);
      }
    }
  });

  it("offers no tap that the bot refuses to the menu's role", () => {
    const commands = coreCommands();
    const refused = ROLES.flatMap((role) =>
      richMenuRequest(menuKindForRole(role))
        .areas.map(({ action }) => action.text)
        .filter((keyword) => !matchCommand(commands, keyword)?.command.roles.includes(role))
        .map((keyword) => `${role}: ${keyword}`),
    );
    expect(refused).toEqual([]);
  });

  it("covers the whole image with side-by-side tiles, within LINE's limits", () => {
    for (const kind of RICH_MENU_KINDS) {
      const menu = richMenuRequest(kind);
      expect(menu.size).toEqual({ width: 2500, height: 843 });
      expect(graphemeLength(menu.chatBarText)).toBeLessThanOrEqual(14);
      expect(menu.chatBarText).toBe("เมนูบริการ");
      let x = 0;
      for (const { bounds } of menu.areas) {
        expect(bounds).toMatchObject({ x, y: 0, height: 843 });
        expect(bounds.width).toBeGreaterThan(600);
        x += bounds.width;
      }
      expect(x).toBe(2500);
    }
    expect(Object.values(RICH_MENU_ALIAS_IDS)).toEqual([
      "prongsai-citizen",
      "prongsai-staff",
      "prongsai-executive",
    ]);
  });

  it("ships PNG images of the menu's exact size, under 1 MB", () => {
    for (const kind of RICH_MENU_KINDS) {
      const bytes = assetBytes[kind];
      expect(bytes.byteLength).toBeLessThanOrEqual(1024 * 1024);
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      expect([view.getUint32(16), view.getUint32(20)]).toEqual([RICH_MENU_SIZE.width, RICH_MENU_SIZE.height]);
      expect(() =>
        checkRichMenuImage(kind, new Blob([bytes.slice()], { type: "image/png" }), bytes),
      ).not.toThrow();
    }
  });

  it("refuses an image of the wrong size or type before calling LINE", async () => {
    const wrongSize = assetBytes.staff.slice();
    new DataView(wrongSize.buffer).setUint32(20, 1686);
    await expect(setupRichMenus(admin, images({ staff: wrongSize }))).rejects.toThrow(
      "the staff rich menu image is 2500x1686; the menu is 2500x843",
    );
    const jpeg = { ...images(), executive: new Blob([assetBytes.executive.slice()], { type: "image/jpeg" }) };
    await expect(setupRichMenus(admin, jpeg)).rejects.toThrow("must be a PNG");
    expect(running.double.requests()).toEqual([]);
  });
});

describe("setupRichMenus", () => {
  it("creates the three menus with their images and aliases, and makes the citizen menu the default", async () => {
    const result = await setupRichMenus(admin, images());

    expect(result.menus.map((menu) => [menu.kind, menu.richMenuAliasId, menu.created])).toEqual([
      ["citizen", "prongsai-citizen", true],
      ["staff", "prongsai-staff", true],
      ["executive", "prongsai-executive", true],
    ]);
    const ids = Object.fromEntries(result.menus.map((menu) => [menu.kind, menu.richMenuId]));
    expect(new Set(Object.values(ids)).size).toBe(3);
    expect(await aliasTargets()).toEqual({
      "prongsai-citizen": ids.citizen,
      "prongsai-staff": ids.staff,
      "prongsai-executive": ids.executive,
    });
    expect(await menuIds()).toEqual(Object.values(ids).sort());
    for (const kind of RICH_MENU_KINDS) {
      const id = ids[kind] as string;
      const menu = await reader.messaging.getRichMenu(id);
      expect(menu.name).toMatch(new RegExp(`^prongsai-${kind}@[0-9a-f]{12}$`));
      expect(menu.areas.map((area) => (area.action as messagingApi.MessageAction).text)).toEqual(
        RICH_MENU_KEYWORDS[kind],
      );
      expect(await imageOf(id)).toEqual(assetBytes[kind]);
    }
    expect(result.defaultRichMenuId).toBe(ids.citizen);
    expect(running.double.richMenuLinks().defaultRichMenuId).toBe(ids.citizen);
    expect(result.deletedRichMenuIds).toEqual([]);
  });

  it("changes nothing when run again with the same menus", async () => {
    const first = await setupRichMenus(admin, images());
    const creates = createRequests();
    const second = await setupRichMenus(admin, images());

    expect(second.menus.map((menu) => menu.created)).toEqual([false, false, false]);
    expect(second.menus.map((menu) => menu.richMenuId)).toEqual(first.menus.map((menu) => menu.richMenuId));
    expect(createRequests()).toBe(creates);
    expect(second.deletedRichMenuIds).toEqual([]);
    expect(await menuIds()).toHaveLength(3);
    expect(Object.keys(await aliasTargets())).toHaveLength(3);
    expect(running.double.richMenuLinks().defaultRichMenuId).toBe(first.defaultRichMenuId);
  });

  it("replaces a changed menu, re-points its alias and deletes the one it replaced", async () => {
    const first = await setupRichMenus(admin, images());
    const oldStaff = first.menus.find((menu) => menu.kind === "staff")?.richMenuId as string;
    await linkMenuForRole(line, USER, "staff");

    const changedStaff = new Uint8Array([...assetBytes.staff, 0]);
    const second = await setupRichMenus(admin, images({ staff: changedStaff }));

    expect(second.menus.map((menu) => [menu.kind, menu.created])).toEqual([
      ["citizen", false],
      ["staff", true],
      ["executive", false],
    ]);
    const newStaff = second.menus.find((menu) => menu.kind === "staff")?.richMenuId as string;
    expect(newStaff).not.toBe(oldStaff);
    expect(second.deletedRichMenuIds).toEqual([oldStaff]);
    expect(await menuIds()).toEqual(second.menus.map((menu) => menu.richMenuId).sort());
    expect((await aliasTargets())["prongsai-staff"]).toBe(newStaff);
    expect(await imageOf(newStaff)).toEqual(changedStaff);
    // LINE drops the links of a deleted menu; relinking gives the user the new one.
    expect(running.double.richMenuLinks().links).toEqual({});
    expect(await linkMenuForRole(line, USER, "staff")).toMatchObject({ richMenuId: newStaff });
  });

  it("deletes menus left by an interrupted run, and leaves menus it does not manage alone", async () => {
    const orphan = await admin.createRichMenu({
      ...richMenuRequest("staff"),
      name: "prongsai-staff@000000000000",
    });
    const foreign = await admin.createRichMenu({
      ...richMenuRequest("citizen"),
      name: "campaign 2026",
    });
    const result = await setupRichMenus(admin, images());
    expect(result.deletedRichMenuIds).toEqual([orphan]);
    expect(await menuIds()).toEqual([...result.menus.map((menu) => menu.richMenuId), foreign].sort());
  });

  it("takes over aliases that point elsewhere and deletes the menus they pointed to", async () => {
    const old = await admin.createRichMenu({
      ...richMenuRequest("executive"),
      name: "an older executive menu",
    });
    await admin.uploadRichMenuImage(old, new Blob([assetBytes.executive.slice()], { type: "image/png" }));
    await admin.createRichMenuAlias("prongsai-executive", old);

    const result = await setupRichMenus(admin, images());
    const executive = result.menus.find((menu) => menu.kind === "executive");
    expect(executive?.created).toBe(true);
    expect((await aliasTargets())["prongsai-executive"]).toBe(executive?.richMenuId);
    expect(result.deletedRichMenuIds).toEqual([old]);
    expect(await menuIds()).toHaveLength(3);
  });

  it("removes the menus it created when an upload fails, leaving the channel as it was", async () => {
    let uploads = 0;
    const failing: RichMenuAdmin = {
      ...admin,
      uploadRichMenuImage: async (richMenuId, image) => {
        uploads++;
        if (uploads === 2) throw new Error("upload failed");
        return admin.uploadRichMenuImage(richMenuId, image);
      },
    };

    await expect(setupRichMenus(failing, images())).rejects.toThrow("upload failed");
    expect(createRequests()).toBe(2);
    expect(await menuIds()).toEqual([]);
    expect(await aliasTargets()).toEqual({});
    expect(running.double.richMenuLinks().defaultRichMenuId).toBeNull();
  });
});

describe("linkMenuForRole", () => {
  it("reports menus that are not set up instead of throwing, and changes nothing", async () => {
    for (const role of ["staff", "integrity", "admin", "executive"] as const) {
      const result = await linkMenuForRole(line, USER, role);
      expect(result).toMatchObject({ outcome: "not-set-up", kind: menuKindForRole(role) });
    }
    expect(await linkMenuForRole(line, USER, "executive")).toEqual({
      outcome: "not-set-up",
      kind: "executive",
      richMenuAliasId: "prongsai-executive",
      detail: "LINE answered 404: richmenu alias not found",
    });
    expect(running.double.richMenuLinks().links).toEqual({});
  });

  it("links the staff menu for staff and integrity officers, the executive menu for executives and admins", async () => {
    const setup = await setupRichMenus(admin, images());
    const ids = Object.fromEntries(setup.menus.map((menu) => [menu.kind, menu.richMenuId]));
    const expected: Array<[Role, RichMenuKind]> = [
      ["staff", "staff"],
      ["integrity", "staff"],
      ["admin", "executive"],
      ["executive", "executive"],
    ];
    for (const [role, kind] of expected) {
      const result = await linkMenuForRole(line, USER, role);
      expect(result).toEqual({
        outcome: "linked",
        kind,
        richMenuAliasId: `prongsai-${kind}`,
        richMenuId: ids[kind],
      });
      expect(await reader.messaging.getRichMenuIdOfUser(USER)).toEqual({ richMenuId: ids[kind] });
    }
  });

  it("unlinks a citizen so the default citizen menu applies", async () => {
    await setupRichMenus(admin, images());
    await linkMenuForRole(line, USER, "executive");
    expect(Object.keys(running.double.richMenuLinks().links)).toEqual([USER]);

    expect(await linkMenuForRole(line, USER, "citizen")).toEqual({
      outcome: "unlinked",
      kind: "citizen",
    });
    expect(running.double.richMenuLinks().links).toEqual({});
    const unlink = running.double.requests().at(-1);
    expect([unlink?.method, unlink?.path]).toEqual(["DELETE", `/v2/bot/user/${USER}/richmenu`]);
    // Unlinking someone with no per-user menu is fine too.
    expect(await linkMenuForRole(line, USER, "citizen")).toMatchObject({ outcome: "unlinked" });
  });

  it("reports an alias whose menu was deleted as not set up", async () => {
    const setup = await setupRichMenus(admin, images());
    const staff = setup.menus.find((menu) => menu.kind === "staff")?.richMenuId as string;
    await admin.deleteRichMenu(staff);
    expect(await linkMenuForRole(line, USER, "staff")).toMatchObject({
      outcome: "not-set-up",
      detail: "LINE answered 404: Not found",
    });
  });

  it("treats an alias answer without a richMenuId as not set up, and links nothing", async () => {
    await setupRichMenus(admin, images());
    const before = running.double.requests().length;
    // The double, except that the alias lookup answers 200 with no menu id in it.
    const hollow = createLineGateway({
      ...running.lineOptions,
      transport: async (url, init) =>
        new URL(url).pathname.startsWith("/v2/bot/richmenu/alias/")
          ? Response.json({ richMenuAliasId: "prongsai-staff" })
          : fetch(url, init),
    });
    expect(await linkMenuForRole(hollow, USER, "staff")).toEqual({
      outcome: "not-set-up",
      kind: "staff",
      richMenuAliasId: "prongsai-staff",
      detail: "LINE's alias answer has no richMenuId",
    });
    const after = running.double.requests().slice(before);
    expect(after.some((r) => r.path.includes("undefined"))).toBe(false);
    expect(after.some((r) => r.path.startsWith("/v2/bot/user/"))).toBe(false);
    expect(running.double.richMenuLinks().links).toEqual({});
  });

  it("throws what it cannot recover from: a LINE server error", async () => {
    await setupRichMenus(admin, images());
    running.double.injectFault({ endpoint: "richmenu", kind: "500", times: 1 });
    const error = await linkMenuForRole(line, USER, "staff").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineApiError);
    expect((error as LineApiError).status).toBe(500);
  });
});

describe("npm run richmenu", () => {
  function runScript(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "scripts/richmenu.ts"],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it("exits 1 with one clear line when the token is missing", async () => {
    const { code, stdout, stderr } = await runScript({});
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([
      "richmenu: LINE_CHANNEL_ACCESS_TOKEN is not set (the channel access token of the Official Account)",
    ]);
  });

  it("sets the menus up on the channel and prints them", async () => {
    const { code, stdout, stderr } = await runScript({
      LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
      LINE_API_BASE_URL: running.origin,
      LINE_DATA_API_BASE_URL: running.origin,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const aliases = await aliasTargets();
    expect(Object.keys(aliases)).toHaveLength(3);
    for (const kind of RICH_MENU_KINDS) {
      expect(stdout).toContain(
        `${kind.padEnd(9)} created   ${aliases[`prongsai-${kind}`]}  alias prongsai-${kind}`,
      );
    }
    expect(stdout).toContain(`default   ${aliases["prongsai-citizen"]} (citizen)`);
  });
});
