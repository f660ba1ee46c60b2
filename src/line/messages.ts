import type { messagingApi } from "@line/bot-sdk";

export type Message = messagingApi.Message;
export type Action = messagingApi.Action;

/** LINE's own ceiling for a text message, counted in UTF-16 code units. */
export const TEXT_LIMIT = 5000;

/** A quick-reply choice: a tap sends `text` (the label by default) as if the user had typed it. */
export interface Choice {
  label: string;
  text?: string;
}

export function messageAction(label: string, text = label): messagingApi.MessageAction {
  return { type: "message", label, text };
}

export function quickReply(choices: Array<Choice | messagingApi.Action>): messagingApi.QuickReply {
  return {
    items: choices.slice(0, 13).map((choice) => ({
      type: "action",
      action: "type" in choice ? choice : messageAction(choice.label, choice.text),
    })),
  };
}

export function textMessage(
  text: string,
  choices?: Array<Choice | messagingApi.Action>,
): messagingApi.TextMessage {
  const bounded = text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text;
  return choices?.length
    ? { type: "text", text: bounded, quickReply: quickReply(choices) }
    : { type: "text", text: bounded };
}
