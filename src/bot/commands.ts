import type { Role } from "../domain/roles";
import type { BotContext } from "./context";

/** A chat keyword (CONTRACT.md › Chat contract) and who may use it. */
export interface Command {
  keyword: string;
  /** Shown under the keyword's button in `เมนู`; omitted commands are not listed. */
  description?: string;
  roles: readonly Role[];
  /** `ลงทะเบียน <code>`: the rest of the message is the argument. */
  takesArgument?: boolean;
  run(ctx: BotContext, argument: string): void | Promise<void>;
}

export interface CommandMatch {
  command: Command;
  argument: string;
}

/** Find the command a text starts with; surrounding spaces are ignored. */
export function matchCommand(commands: readonly Command[], text: string): CommandMatch | undefined {
  const trimmed = text.trim();
  for (const command of commands) {
    if (trimmed === command.keyword) return { command, argument: "" };
    if (command.takesArgument && trimmed.startsWith(`${command.keyword} `)) {
      return { command, argument: trimmed.slice(command.keyword.length).trim() };
    }
  }
  return undefined;
}

export function commandsFor(commands: readonly Command[], role: Role): Command[] {
  return commands.filter((command) => command.roles.includes(role) && command.description);
}

/**
 * A postback (a tapped button whose data is `a=<action>&…`) and who may use it: checked by the bot
 * before the handler runs, exactly like a keyword's roles.
 */
export interface Postback {
  action: string;
  roles: readonly Role[];
  /** What someone outside `roles` is told (default: the bot's general refusal). */
  refusal?: string;
  run(ctx: BotContext, params: URLSearchParams): void | Promise<void>;
}

/** The postback a tap names, if any. */
export function matchPostback(
  postbacks: readonly Postback[],
  data: string,
): { postback: Postback; params: URLSearchParams } | undefined {
  const params = new URLSearchParams(data);
  const action = params.get("a") ?? "";
  const postback = postbacks.find((p) => p.action === action);
  return postback ? { postback, params } : undefined;
}
