import { z } from "zod";
import { insertInvite } from "../db/repos/invites.repo";
import { findUnit } from "../db/repos/units.repo";
import type { Invite } from "../db/schema";
import type { AppDeps } from "../deps";
import { INVITABLE_ROLES, INVITE_TTL_MS, newInviteCode } from "../domain/invites";
import { needsUnit } from "../domain/roles";
import { type Actor, type Planned, planned, refused } from "./plan";

export const newInviteSchema = z.object({
  role: z.enum(INVITABLE_ROLES, { error: "ต้องเลือกบทบาทจากตัวเลือกที่กำหนด" }),
  /** No unit: absent or empty (the console's "-"). */
  unitId: z
    .string()
    .max(100, "ไม่พบหน่วยงานนี้")
    .optional()
    .transform((unitId) => unitId || undefined),
});
export interface NewInviteInput {
  role: (typeof INVITABLE_ROLES)[number];
  unitId?: string | undefined;
}

/**
 * A single-use invite code for a role, valid for 7 days. Whether the role needs a unit is the role
 * policy's (`needsUnit`); a unit given must exist.
 */
export async function planCreateInvite(
  deps: AppDeps,
  input: NewInviteInput,
  _actor: Actor,
): Promise<Planned<Invite>> {
  const { role, unitId } = input;
  if (needsUnit(role) && !unitId) return refused("invite.unit_required");
  if (unitId && !(await findUnit(deps.db, unitId))) return refused("invite.unknown_unit");
  const now = deps.clock.now();
  const invite: Invite = {
    code: newInviteCode(),
    role,
    unitId: unitId ?? null,
    createdAt: now,
    expiresAt: now + INVITE_TTL_MS,
    usedAt: null,
    usedBy: null,
  };
  return planned(invite, {
    statements: [insertInvite(deps.db, invite)],
    audit: [{ action: "invite.create", subject: invite.code, detail: { role, unitId: invite.unitId } }],
  });
}
