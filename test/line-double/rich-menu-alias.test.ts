import { HTTPFetchError } from "@line/bot-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { richMenuRequest } from "./line-examples";
import { type RunningDouble, startDouble } from "./start-double";

const USER = "U4af4980629e0b4f1e4b1a8d3b8b6a1c2";

let running: RunningDouble;

beforeAll(async () => {
  running = await startDouble();
});
afterAll(() => running.close());
beforeEach(() => running.double.reset());

async function fetchError(
  call: () => Promise<unknown>,
): Promise<HTTPFetchError & { json: Record<string, unknown> }> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(HTTPFetchError);
    const httpError = error as HTTPFetchError;
    return Object.assign(httpError, { json: JSON.parse(httpError.body) as Record<string, unknown> });
  }
  throw new Error("expected the call to fail");
}

/** A rich menu with its image uploaded, as an alias needs. */
async function menuWithImage(): Promise<string> {
  const { richMenuId } = await running.client.createRichMenu(richMenuRequest);
  await running.blobClient.setRichMenuImage(
    richMenuId,
    new Blob([new Uint8Array([0x89, 0x50])], { type: "image/png" }),
  );
  return richMenuId;
}

describe("rich menu aliases", () => {
  it("creates, gets, lists, re-points and deletes an alias", async () => {
    const first = await menuWithImage();
    const second = await menuWithImage();

    expect(await running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId: first })).toEqual(
      {},
    );
    expect(await running.client.getRichMenuAlias("tab-a")).toEqual({
      richMenuAliasId: "tab-a",
      richMenuId: first,
    });

    await running.client.updateRichMenuAlias("tab-a", { richMenuId: second });
    await running.client.createRichMenuAlias({ richMenuAliasId: "tab_b", richMenuId: first });
    expect(await running.client.getRichMenuAliasList()).toEqual({
      aliases: [
        { richMenuAliasId: "tab-a", richMenuId: second },
        { richMenuAliasId: "tab_b", richMenuId: first },
      ],
    });

    await running.client.deleteRichMenuAlias("tab-a");
    const gone = await fetchError(() => running.client.getRichMenuAlias("tab-a"));
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ message: "richmenu alias not found", details: [] });
    expect((await running.client.getRichMenuAliasList()).aliases).toEqual([
      { richMenuAliasId: "tab_b", richMenuId: first },
    ]);
    expect(running.double.invalidRequests()).toEqual([]);
  });

  it("refuses a second alias with the same id", async () => {
    const richMenuId = await menuWithImage();
    await running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId });
    const error = await fetchError(() =>
      running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId }),
    );
    expect(error.status).toBe(400);
    expect(error.json).toEqual({ message: "conflict richmenu alias id", details: [] });
  });

  it("refuses an alias for a menu without an image or a menu that does not exist", async () => {
    const { richMenuId: noImage } = await running.client.createRichMenu(richMenuRequest);
    for (const richMenuId of [noImage, `richmenu-${"0".repeat(32)}`]) {
      const error = await fetchError(() =>
        running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId }),
      );
      expect(error.status).toBe(400);
      expect(error.json).toEqual({ message: "richmenu not found", details: [] });
    }
    expect((await running.client.getRichMenuAliasList()).aliases).toEqual([]);
  });

  it("rejects a malformed alias id or rich menu id as an invalid request", async () => {
    const richMenuId = await menuWithImage();
    const badAlias = await fetchError(() =>
      running.client.createRichMenuAlias({ richMenuAliasId: "Tab A", richMenuId }),
    );
    expect(badAlias.status).toBe(400);
    expect(badAlias.json.details).toEqual([
      { property: "richMenuAliasId", message: "must match pattern ^[a-z0-9_-]{1,32}$" },
    ]);

    const tooLong = await fetchError(() =>
      running.client.createRichMenuAlias({ richMenuAliasId: "a".repeat(33), richMenuId }),
    );
    expect(tooLong.json.details).toContainEqual({
      property: "richMenuAliasId",
      message: "Length must be between 1 and 32",
    });

    const badMenu = await fetchError(() =>
      running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId: "not-a-menu" }),
    );
    expect(badMenu.json).toEqual({
      message: "The request body has 1 error(s)",
      details: [{ message: "invalid richMenuId", property: "richMenuId" }],
    });

    const missingMenu = await fetchError(() =>
      running.client.updateRichMenuAlias("tab-a", {} as { richMenuId: string }),
    );
    expect(missingMenu.json.details).toEqual([{ property: "richMenuId", message: "must be specified" }]);

    const badPath = await fetchError(() => running.client.getRichMenuAlias("TAB"));
    expect(badPath.status).toBe(400);
    expect(running.double.invalidRequests().map((r) => r.path)).toEqual([
      "/v2/bot/richmenu/alias",
      "/v2/bot/richmenu/alias",
      "/v2/bot/richmenu/alias",
      "/v2/bot/richmenu/alias/tab-a",
      "/v2/bot/richmenu/alias/TAB",
    ]);
  });

  it("answers 404 to updating or deleting an alias that does not exist", async () => {
    const richMenuId = await menuWithImage();
    expect((await fetchError(() => running.client.updateRichMenuAlias("tab-a", { richMenuId }))).status).toBe(
      404,
    );
    const deleted = await fetchError(() => running.client.deleteRichMenuAlias("tab-a"));
    expect(deleted.status).toBe(404);
    expect(deleted.json).toEqual({ message: "richmenu alias not found", details: [] });
  });

  it("refuses to re-point an alias at a menu without an image", async () => {
    const richMenuId = await menuWithImage();
    await running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId });
    const { richMenuId: noImage } = await running.client.createRichMenu(richMenuRequest);
    const error = await fetchError(() =>
      running.client.updateRichMenuAlias("tab-a", { richMenuId: noImage }),
    );
    expect(error.json).toEqual({ message: "richmenu not found", details: [] });
    expect(await running.client.getRichMenuAlias("tab-a")).toEqual({ richMenuAliasId: "tab-a", richMenuId });
  });

  it("keeps the alias (dangling) when its menu is deleted; linking through it then fails with 404", async () => {
    const richMenuId = await menuWithImage();
    await running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId });
    await running.client.deleteRichMenu(richMenuId);
    const alias = await running.client.getRichMenuAlias("tab-a");
    expect(alias.richMenuId).toBe(richMenuId);
    expect((await fetchError(() => running.client.linkRichMenuIdToUser(USER, alias.richMenuId))).status).toBe(
      404,
    );
  });

  it("is cleared by reset", async () => {
    const richMenuId = await menuWithImage();
    await running.client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId });
    running.double.reset();
    expect(await running.client.getRichMenuAliasList()).toEqual({ aliases: [] });
  });
});
