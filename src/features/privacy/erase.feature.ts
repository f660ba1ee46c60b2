import { z } from "zod";
import { CHOICES, choiceOf, LABELS } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { auditStatement } from "../../db/repos/audit.repo";
import { eraseUserStatements, photoKeysOfUser, recordErasure } from "../../db/repos/privacy.repo";
import { type FlowDefinition, ok, reask, type SameData, startFlow, stepsOf } from "../../flows/engine";
import { textMessage } from "../../line/messages";

const CONFIRM = LABELS.confirm;
const CANCEL = LABELS.cancel;

const EXPLANATION = [
  "คำขอลบข้อมูลส่วนบุคคล (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)",
  "",
  "สิ่งที่จะถูกลบ:",
  "• ความเชื่อมโยงระหว่างบัญชี LINE ของคุณกับเรื่องที่คุณแจ้ง",
  "• รูปภาพและตำแหน่งที่คุณส่งมา",
  "• คำตอบแบบวัดความคิดเห็น และข้อความที่รอส่งถึงคุณ",
  "• สิทธิ์เจ้าหน้าที่ (ถ้ามี)",
  "",
  "สิ่งที่หน่วยงานยังเก็บไว้: เนื้อหาเรื่องร้องเรียนและสถานะ (ไม่ระบุตัวผู้ร้อง) เพื่อดำเนินการให้แล้วเสร็จและจัดทำสถิติตามที่กฎหมายกำหนด",
  "",
  "หลังลบ คุณจะไม่ได้รับแจ้งความคืบหน้าเรื่องที่แจ้งไว้ และติดตามเรื่องทาง LINE ไม่ได้อีก",
  `กด "${CONFIRM}" เพื่อลบ หรือ "${CANCEL}"`,
].join("\n");

/** A stable stand-in for a LINE id where a record must stay (the audit trail): not reversible. */
async function pseudonymOf(orgId: string, lineUserId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${orgId}:${lineUserId}`));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `erased:${hex.slice(0, 24)}`;
}

/** `ลบข้อมูลของฉัน`: explain what goes and what stays, then erase on `ยืนยัน`. */
const eraseSchema = z.object({ asked: z.literal(true) });

type EraseData = SameData<"confirm", z.infer<typeof eraseSchema>>;

export const eraseFlow: FlowDefinition<EraseData, "confirm"> = {
  name: "erase",
  version: 1,
  first: "confirm",
  initial: () => ({ asked: true }),
  steps: {
    confirm: stepsOf<EraseData>()("confirm", {
      schema: eraseSchema,
      prompt: () => [textMessage(EXPLANATION, [CHOICES.confirm, CHOICES.cancel])],
      parse: (_ctx, _data, input) =>
        choiceOf(input, [CONFIRM]) ? ok(true) : reask(`กด "${CONFIRM}" เพื่อลบข้อมูล หรือ "${CANCEL}"`),
      async apply(ctx) {
        const { deps } = ctx;
        const me = ctx.user.lineUserId;
        const pseudonym = await pseudonymOf(deps.orgId, me);
        const photoKeys = await photoKeysOfUser(deps.db, deps.orgId, me);
        ctx.write(
          ...eraseUserStatements(deps.db, deps.orgId, me, pseudonym),
          recordErasure(deps.db, { orgId: deps.orgId, lineUserId: me, pseudonym, requestedAt: ctx.now }),
          auditStatement(deps.db, {
            orgId: deps.orgId,
            at: ctx.now,
            actor: pseudonym,
            action: "privacy.erase",
            subject: pseudonym,
            detail: { photos: photoKeys.length, role: ctx.user.role },
          }),
        );
        // The photo files go now; their records go with the write above (a retry deletes nothing twice).
        await Promise.all(photoKeys.map((key) => deps.blobs.delete(key)));
        ctx.reply(
          textMessage('ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว ขอบคุณที่ใช้บริการ หากต้องการแจ้งเรื่องใหม่ พิมพ์ "ร้องเรียน" ได้ทุกเมื่อ'),
        );
        return { done: true };
      },
    }),
  },
};

export async function startErase(ctx: BotContext): Promise<void> {
  await startFlow(ctx, eraseFlow);
}
