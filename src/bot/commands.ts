import type { Role } from "../domain/roles";
import type { BotContext } from "./context";

export const EVERYONE: readonly Role[] = ["citizen", "staff", "integrity", "executive", "admin"];
export const STAFF: readonly Role[] = ["staff", "integrity"];

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
