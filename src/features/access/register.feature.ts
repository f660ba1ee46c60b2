import type { BotContext } from "../../bot/context";
import { auditStatement } from "../../db/repos/audit.repo";
import { findInvite, redeemInvite } from "../../db/repos/invites.repo";
import { findUnit } from "../../db/repos/units.repo";
import { setRole } from "../../db/repos/users.repo";
import { ROLE_LABELS } from "../../domain/roles";
import { textMessage } from "../../line/messages";
import { linkMenuForRole } from "../../line/rich-menus";
import { normaliseInviteCode } from "./invites";

const MENU = [{ label: "เมนู" }];

/**
 * `ลงทะเบียน <code>`: redeem a single-use invite. A used, expired or unknown code changes nothing and
 * says why. The role change is audited and the role's rich menu linked.
 */
export async function register(ctx: BotContext, argument: string): Promise<void> {
  const { deps, now } = ctx;
  if (!argument) {
    ctx.reply(
      textMessage('โปรดพิมพ์ "ลงทะเบียน" เว้นวรรค แล้วตามด้วยรหัสที่ได้รับจากผู้ดูแลระบบ เช่น ลงทะเบียน ABCD-2345', MENU),
    );
    return;
  }
  const code = normaliseInviteCode(argument).slice(0, 20);
  const me = ctx.user.lineUserId;
  // The redeem is one statement; a retried event finds the code used by this same user and carries on.
  let invite = await redeemInvite(deps.db, deps.orgId, code, me, now);
  if (!invite) {
    const found = await findInvite(deps.db, deps.orgId, code);
    if (found?.usedBy === me) {
      invite = found;
    } else {
      const why = !found
        ? "ไม่พบรหัสนี้ โปรดตรวจสอบรหัสอีกครั้ง"
        : found.usedAt !== null
          ? "รหัสนี้ถูกใช้ไปแล้ว (ใช้ได้ครั้งเดียว)"
          : "รหัสนี้หมดอายุแล้ว (ใช้ได้ภายใน 7 วัน)";
      ctx.reply(textMessage(`ลงทะเบียนไม่สำเร็จ: ${why} โปรดขอรหัสใหม่จากผู้ดูแลระบบ`, MENU));
      return;
    }
  }
  const unit = invite.unitId ? await findUnit(deps.db, deps.orgId, invite.unitId) : undefined;
  const displayName = await deps.line.messaging
    .getProfile(me)
    .then((profile) => profile.displayName.slice(0, 100))
    .catch(() => ctx.user.displayName);
  ctx.write(
    setRole(deps.db, {
      orgId: deps.orgId,
      lineUserId: me,
      role: invite.role,
      unitId: unit?.id ?? null,
      displayName,
      now,
    }),
    auditStatement(deps.db, {
      orgId: deps.orgId,
      at: now,
      actor: me,
      action: "role.change",
      subject: me,
      detail: { from: ctx.user.role, to: invite.role, unitId: unit?.id ?? null, invite: invite.code },
    }),
  );
  try {
    const linked = await linkMenuForRole(deps.line.messaging, me, invite.role);
    if (linked.outcome === "not-set-up") deps.log.info("rich menus not set up; run npm run richmenu");
  } catch (error) {
    deps.log.warn("linking the role's rich menu failed", { status: (error as { status?: number }).status });
  }
  const where = unit ? ` ${unit.name}` : "";
  ctx.reply(
    textMessage(
      `ลงทะเบียนสำเร็จ คุณเป็น${ROLE_LABELS[invite.role]}${where} ของ ${deps.config.orgName} แล้ว พิมพ์ "เมนู" เพื่อดูสิ่งที่ทำได้`,
      MENU,
    ),
  );
}
