import type { messagingApi } from "@line/bot-sdk";
import { flex, header, keywordButton, paragraph } from "./components";

export interface MenuItem {
  keyword: string;
  description: string;
}

export interface MenuView {
  orgName: string;
  roleLabel: string;
  items: MenuItem[];
}

/** `เมนู`: one button per keyword the user's role can use, each with a line saying what it does. */
export function menuCard(view: MenuView): messagingApi.FlexMessage {
  const rows: messagingApi.FlexComponent[] = view.items.flatMap((item, index) => [
    ...(index > 0 ? [{ type: "separator", margin: "md" } as const] : []),
    keywordButton(item.keyword, item.keyword, index === 0 ? "primary" : "secondary"),
    { ...paragraph(item.description, { muted: true }), margin: "xs" },
  ]);
  return flex(`เมนู: ${view.items.map((item) => item.keyword).join(" / ")}`, {
    type: "bubble",
    header: header("เมนู", `${view.orgName} · ${view.roleLabel}`),
    body: { type: "box", layout: "vertical", spacing: "sm", contents: rows },
  });
}
