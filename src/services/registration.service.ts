/**
 * Registration (`ลงทะเบียน <code>`): a LINE user redeems a single-use invite and takes its role —
 * staff of a unit, an integrity officer, an executive, an admin — with the role's rich menu.
 */
import { findInvite, redeemInvite } from "../db/repos/invites.repo";
import { findUnit } from "../db/repos/units.repo";
import { findUser, setRole } from "../db/repos/users.repo";
import type { AppDeps } from "../deps";
import { normaliseInviteCode } from "../domain/invites";
import type { Role } from "../domain/roles";
import { type Actor, type Planned, planned, refused } from "./plan";

export interface RegistrationInput {
  /** What the person typed after `ลงทะเบียน` (case, spaces and the dash are forgiven). */
  code: string;
  lineUserId: string;
  /** The person's LINE name, kept with their role (staff are named by it in progress entries). */
  displayName: string | null;
}

export interface Registration {
  role: Role;
  unitName: string | null;
}

/**
 * Redeem an invite: an unknown code, one already used (by someone else) or expired changes nothing
 * and says why. Otherwise the plan claims the invite (race-safe: see `redeemInvite`), gives the
 * role and unit, audits the change and links the role's rich menu through the outbox, after the
 * commit. The same person sending their redeemed code again is told the same and changes nothing
 * (their menu is linked again, in case the first link failed for good).
 *
 * Losing a race shows at commit: `commit()` answers `invite.used`; in chat the event's commit fails
 * whole (nothing of it is written or sent) and the event is retried, when this finds the invite used.
 */
export async function planRegistration(
  deps: AppDeps,
  input: RegistrationInput,
  _actor: Actor,
): Promise<Planned<Registration>> {
  const code = normaliseInviteCode(input.code).slice(0, 20);
  if (!code) return refused("registration.code_required");
  const now = deps.clock.now();
  const me = input.lineUserId;
  const [invite, user] = await Promise.all([findInvite(deps.db, code), findUser(deps.db, me)]);
  if (!invite) return refused("invite.not_found");
  const unit = invite.unitId ? await findUnit(deps.db, invite.unitId) : undefined;
  const registration: Registration = { role: invite.role, unitName: unit?.name ?? null };
  const linkMenu = { to: me, linkMenuFor: invite.role };
  if (invite.usedAt !== null) {
    // Only while the role is still the invite's: an old code cannot restore a role taken away since.
    const again = invite.usedBy === me && user?.role === invite.role;
    return again ? planned(registration, { lineActions: [linkMenu] }) : refused("invite.used");
  }
  if (invite.expiresAt <= now) return refused("invite.expired");
  const unitId = unit?.id ?? null;
  return planned(registration, {
    statements: [
      ...redeemInvite(deps.db, { code, lineUserId: me, now }),
      setRole(deps.db, {
        lineUserId: me,
        role: invite.role,
        unitId,
        displayName: input.displayName,
        now,
      }),
    ],
    audit: [
      {
        action: "role.change",
        subject: me,
        detail: { from: user?.role ?? "citizen", to: invite.role, unitId, invite: invite.code },
      },
    ],
    lineActions: [linkMenu],
    onUniqueViolation: "invite.used",
  });
}
