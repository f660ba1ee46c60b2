/**
 * `npm run richmenu`: puts the three rich menus (citizen, staff, executive) on the LINE channel, with the images
 * in assets/richmenu/, their aliases (prongsai-citizen, prongsai-staff, prongsai-executive) and the citizen
 * menu as the default; deletes the menus they replace. Running it again with nothing changed changes nothing.
 *
 *   LINE_CHANNEL_ACCESS_TOKEN   required
 *   LINE_API_BASE_URL           default https://api.line.me
 *   LINE_DATA_API_BASE_URL      default https://api-data.line.me (the image upload)
 *
 * A menu that changed is replaced by a new one, and LINE drops the per-user links of the menu it deletes:
 * users with a staff or executive menu then see the default until they are relinked (`linkMenuForRole`).
 */
import { z } from "zod";
import { envSchema } from "../src/config";
import { createRichMenuAdmin, LineApiError } from "../src/line/gateway";
import { setupRichMenus } from "../src/line/rich-menus";
import { loadRichMenuImages } from "../src/runtime/rich-menu-assets";

const scriptEnv = z.object({
  LINE_CHANNEL_ACCESS_TOKEN: envSchema.shape.LINE_CHANNEL_ACCESS_TOKEN,
  LINE_API_BASE_URL: envSchema.shape.LINE_API_BASE_URL,
  LINE_DATA_API_BASE_URL: envSchema.shape.LINE_DATA_API_BASE_URL,
});

function fail(line: string): never {
  console.error(`richmenu: ${line}`);
  process.exit(1);
}

function readEnv() {
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const result = scriptEnv.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    fail(`${String(issue?.path[0] ?? "environment")} ${issue?.message ?? "is invalid"}`);
  }
  const token = result.data.LINE_CHANNEL_ACCESS_TOKEN;
  if (!token) fail("LINE_CHANNEL_ACCESS_TOKEN is not set (the channel access token of the Official Account)");
  return { ...result.data, LINE_CHANNEL_ACCESS_TOKEN: token };
}

async function main(): Promise<void> {
  const env = readEnv();
  const images = await loadRichMenuImages().catch((error: Error) => fail(error.message));
  // A handful of calls: Node's own `fetch` (the admin's default transport) is all it needs.
  const admin = createRichMenuAdmin({
    channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
    apiBaseUrl: env.LINE_API_BASE_URL,
    dataApiBaseUrl: env.LINE_DATA_API_BASE_URL,
  });
  const result = await setupRichMenus(admin, images);
  for (const menu of result.menus) {
    const what = menu.created ? "created" : "unchanged";
    console.log(`${menu.kind.padEnd(9)} ${what.padEnd(9)} ${menu.richMenuId}  alias ${menu.richMenuAliasId}`);
  }
  console.log(`default   ${result.defaultRichMenuId} (citizen)`);
  for (const richMenuId of result.deletedRichMenuIds) console.log(`deleted   ${richMenuId}`);
  if (
    result.menus.some((menu) => menu.created && menu.kind !== "citizen") &&
    result.deletedRichMenuIds.length
  ) {
    console.log("note: users linked to a deleted menu see the default menu until they are relinked");
  }
}

main().catch((error: unknown) => {
  if (error instanceof LineApiError) {
    const { requestId } = error;
    fail(
      `LINE answered ${error.status}: ${error.body}${requestId ? ` (x-line-request-id ${requestId})` : ""}`,
    );
  }
  fail(error instanceof Error ? error.message : String(error));
});
