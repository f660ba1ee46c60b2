import { z } from "zod";
import { ROLES } from "../domain/roles";

/**
 * LINE calls other than messages that must follow a commit (a role's rich menu after a role change).
 * They travel through the outbox like messages, in the recipient's order and with its retries, so a
 * crash or a retried event can never leave LINE and the database disagreeing. The outbox's
 * `messages` column holds a JSON array for messages and this object for an action.
 */
export const lineActionSchema = z.object({ linkMenuFor: z.enum(ROLES) });
export type LineActionPayload = z.infer<typeof lineActionSchema>;

export function lineActionPayload(action: LineActionPayload): string {
  return JSON.stringify({ linkMenuFor: action.linkMenuFor });
}

/** The action an outbox row carries, or undefined for a message batch. */
export function lineActionOf(stored: unknown): LineActionPayload | undefined {
  if (Array.isArray(stored)) return undefined;
  const parsed = lineActionSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
