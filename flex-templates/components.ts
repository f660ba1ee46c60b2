import type { messagingApi } from "@line/bot-sdk";

/** Shared look of Prongsai's cards: a green header with the organisation name, plain body. */
export const BRAND = { primary: "#0B7A4B", muted: "#6B7280", text: "#111827" } as const;

export function header(title: string, subtitle: string): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "vertical",
    backgroundColor: BRAND.primary,
    paddingAll: "16px",
    contents: [
      { type: "text", text: title, color: "#FFFFFF", weight: "bold", size: "lg", wrap: true },
      { type: "text", text: subtitle, color: "#E6F4EA", size: "xs", wrap: true, margin: "sm" },
    ],
  };
}

export function paragraph(
  text: string,
  options: { muted?: boolean; bold?: boolean } = {},
): messagingApi.FlexText {
  return {
    type: "text",
    text,
    wrap: true,
    size: options.muted ? "xs" : "sm",
    color: options.muted ? BRAND.muted : BRAND.text,
    ...(options.bold ? { weight: "bold" as const } : {}),
  };
}

type ButtonStyle = "primary" | "secondary" | "link";

/** A button in the house colours for any action (a postback, a link, a keyword). */
export function actionButton(
  action: messagingApi.Action,
  style: ButtonStyle = "primary",
): messagingApi.FlexButton {
  return {
    type: "button",
    style,
    height: "sm",
    ...(style === "secondary" ? {} : { color: BRAND.primary }),
    action,
  };
}

/** A button that sends a chat keyword, as if the user had typed it. */
export function keywordButton(
  label: string,
  text = label,
  style: ButtonStyle = "secondary",
): messagingApi.FlexButton {
  return actionButton({ type: "message", label, text }, style);
}

export function flex(altText: string, contents: messagingApi.FlexContainer): messagingApi.FlexMessage {
  return { type: "flex", altText: altText.slice(0, 1500), contents };
}

/**
 * A "label: value" line of a card. The label column (3 of 8 of the row, about 105 px on a 390 px
 * phone) holds a short Thai label of up to 16 characters on one line, so it never breaks mid-word.
 */
export function field(label: string, value: string): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "baseline",
    spacing: "sm",
    contents: [
      { type: "text", text: label, size: "xs", color: BRAND.muted, flex: 3, wrap: true },
      { type: "text", text: value || "-", size: "sm", color: BRAND.text, flex: 5, wrap: true },
    ],
  };
}

/** A small coloured status label. */
export function badge(text: string, color: string): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "vertical",
    backgroundColor: color,
    cornerRadius: "md",
    paddingAll: "4px",
    paddingStart: "8px",
    paddingEnd: "8px",
    flex: 0,
    contents: [{ type: "text", text, size: "xs", color: "#FFFFFF", weight: "bold" }],
  };
}

/** Cut a long text for a card (the whole text stays in the database). */
export function excerpt(text: string, max = 300): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}
