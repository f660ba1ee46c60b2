/** The rich menu images shipped in assets/richmenu/ (Node only: `npm run richmenu` and the simulator). */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { RICH_MENU_KINDS, type RichMenuImages } from "../line/rich-menus";

export const RICH_MENU_IMAGE_DIR = join(import.meta.dirname, "..", "..", "assets", "richmenu");

/** Each menu's PNG as a Blob; a file that cannot be read rejects with its path in the message. */
export async function loadRichMenuImages(dir = RICH_MENU_IMAGE_DIR): Promise<RichMenuImages> {
  const entries = await Promise.all(
    RICH_MENU_KINDS.map(async (kind) => {
      const file = join(dir, `${kind}.png`);
      const bytes = await readFile(file).catch(() => {
        throw new Error(`cannot read ${file}`);
      });
      return [kind, new Blob([new Uint8Array(bytes)], { type: "image/png" })] as const;
    }),
  );
  return Object.fromEntries(entries) as RichMenuImages;
}
