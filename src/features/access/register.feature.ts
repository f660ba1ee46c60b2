import { CHOICES } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { ROLE_LABELS } from "../../domain/roles";
import { textMessage } from "../../line/messages";
import { planRegistration } from "../../services/registration.service";

/** The LINE name to keep with the new role; LINE not answering keeps the one we have. */
async function profileName(ctx: BotContext): Promise<string | null> {
  return ctx.deps.line
    .profile(ctx.user.lineUserId)
    .then((profile) => profile.displayName.slice(0, 100))
    .catch(() => ctx.user.displayName);
}

/**
 * `ลงทะเบียน <code>`: redeem a single-use invite (registration.service). A used, expired or unknown
 * code changes nothing and says why. The role change, its audit row and the rich-menu link (through
 * the outbox, after the commit) go with the event's one commit.
 */
export async function register(ctx: BotContext, argument: string): Promise<void> {
  const { deps } = ctx;
  // A LINE read while nothing of this event is written (a retried event reads it again).
  const displayName = argument ? await profileName(ctx) : null;
  const registered = await planRegistration(
    deps,
    { code: argument, lineUserId: ctx.user.lineUserId, displayName },
    ctx.actor,
  );
  if (!registered.ok) {
    const { error } = registered;
    const why =
      error.code === "registration.code_required"
        ? error.thai
        : `ลงทะเบียนไม่สำเร็จ: ${error.thai} โปรดขอรหัสใหม่จากผู้ดูแลระบบ`;
    ctx.reply(textMessage(why, [CHOICES.menu]));
    return;
  }
  ctx.apply(registered.plan);
  const { role, unitName } = registered.value;
  const where = unitName ? ` ${unitName}` : "";
  ctx.reply(
    textMessage(
      `ลงทะเบียนสำเร็จ คุณเป็น${ROLE_LABELS[role]}${where} ของ ${deps.config.orgName} แล้ว พิมพ์ "เมนู" เพื่อดูสิ่งที่ทำได้`,
      [CHOICES.menu],
    ),
  );
}
