import type { messagingApi } from "@line/bot-sdk";
import type { UserAction } from "../../src/simulator/webhook-events";
import type { TestBot } from "./bot";
import type { RunningDouble } from "./double";

type Message = messagingApi.Message;
type Action = messagingApi.Action;

/** Every action a message offers: its quick replies and its Flex/template buttons. */
export function actionsOf(message: Message | undefined): Action[] {
  if (!message) return [];
  const actions: Action[] = (message.quickReply?.items ?? []).flatMap((item) =>
    item.action ? [item.action] : [],
  );
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const record = node as Record<string, unknown>;
    if (record.type === "button" && record.action) actions.push(record.action as Action);
    for (const value of Object.values(record)) if (typeof value === "object") walk(value);
  };
  if (message.type === "flex") walk(message.contents);
  return actions;
}

/** The text of a message as a person would read it (Flex: every text component, joined). */
export function textOf(message: Message | undefined): string {
  if (!message) return "";
  if (message.type === "text") return message.text;
  if (message.type === "flex") {
    const texts: string[] = [];
    const walk = (node: unknown) => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(walk);
      const record = node as Record<string, unknown>;
      if (record.type === "text" && typeof record.text === "string") texts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === "object") walk(value);
    };
    walk(message.contents);
    return `${message.altText}\n${texts.join("\n")}`;
  }
  return `[${message.type}]`;
}

/** A LINE user chatting with the bot through the double: type, tap labels, send photos and places. */
export function chatUser(bot: TestBot, line: RunningDouble, userId: string) {
  let seen = 0;
  const all = () => line.double.messagesFor(userId);
  const user = {
    userId,
    /** Send actions and wait until the bot has answered; returns the new messages. */
    async send(...actions: UserAction[]): Promise<Message[]> {
      seen = all().length; // pushes that arrived meanwhile are not this answer
      const response = await bot.send(userId, ...actions);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      await bot.settle();
      const messages = all().slice(seen);
      seen = all().length;
      return messages;
    },
    say: (text: string) => user.send({ type: "text", text }),
    /** Tap the quick reply or button with this label on the latest message that offers it. */
    async tap(label: string): Promise<Message[]> {
      const messages = all();
      for (let i = messages.length - 1; i >= 0; i--) {
        const action = actionsOf(messages[i]).find((a) => a.label === label);
        if (!action) continue;
        if (action.type === "message") return user.say((action as messagingApi.MessageAction).text ?? "");
        if (action.type === "postback") {
          return user.send({ type: "postback", data: (action as messagingApi.PostbackAction).data ?? "" });
        }
        throw new Error(`cannot tap a ${action.type} action`);
      }
      throw new Error(`no "${label}" to tap; last message: ${textOf(messages.at(-1))}`);
    },
    /** Pick a day with the date picker (a `datetimepicker` action) labelled `label`, as LINE sends it. */
    async pick(label: string, date: string): Promise<Message[]> {
      const action = actionsOf(all().at(-1)).find((a) => a.label === label);
      if (action?.type !== "datetimepicker") throw new Error(`no "${label}" date picker on the last message`);
      const picker = action as messagingApi.DatetimePickerAction;
      return user.send({ type: "postback", data: picker.data ?? "", params: { date } });
    },
    /** Labels offered by the latest message. */
    labels: () => actionsOf(all().at(-1)).map((action) => action.label ?? ""),
    last: () => all().at(-1),
    lastText: () => textOf(all().at(-1)),
    messages: all,
  };
  return user;
}

export type ChatUser = ReturnType<typeof chatUser>;

/** A tiny valid JPEG / PNG header, enough for the bot's type check. */
export const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);
export const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
]);
export const GIF = new TextEncoder().encode("GIF89a....");
