import { z } from "zod";
import { CHOICES, choiceOf, LABELS } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { type FlowDefinition, ok, reask, type SameData, startFlow, stepsOf } from "../../flows/engine";
import { textMessage } from "../../line/messages";
import { planErasure } from "../../services/privacy.service";

const CONFIRM = LABELS.confirm;
const CANCEL = LABELS.cancel;

const EXPLANATION = [
  "คำขอลบข้อมูลส่วนบุคคล (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)",
  "",
  "สิ่งที่จะถูกลบ:",
  "• ความเชื่อมโยงระหว่างบัญชี LINE ของคุณกับเรื่องที่คุณแจ้ง",
  "• รูปภาพและตำแหน่งที่คุณส่งมา",
  "• คำตอบแบบวัดความคิดเห็น และการแจ้งเตือนที่รอส่งถึงคุณ",
  "• สิทธิ์เจ้าหน้าที่ (ถ้ามี)",
  "",
  "สิ่งที่หน่วยงานยังเก็บไว้: เนื้อหาเรื่องร้องเรียนและสถานะ (ไม่ระบุตัวผู้ร้อง) เพื่อดำเนินการให้แล้วเสร็จและจัดทำสถิติตามที่กฎหมายกำหนด",
  "",
  "หลังลบ คุณจะไม่ได้รับแจ้งความคืบหน้าเรื่องที่แจ้งไว้ และติดตามเรื่องทาง LINE ไม่ได้อีก",
  `กด "${CONFIRM}" เพื่อลบ หรือ "${CANCEL}"`,
].join("\n");

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
        const planned = await planErasure(ctx.deps, ctx.user);
        if (!planned.ok) {
          ctx.reply(textMessage(planned.error.thai));
          return { done: true };
        }
        ctx.apply(planned.plan);
        // The photo files go now, before the event's commit: if it fails, the event is retried and
        // the erasure completes (deleting nothing twice); deleting after the commit could leave a
        // person's photos behind with no record pointing at them.
        await Promise.all(planned.value.photoKeys.map((key) => ctx.deps.blobs.delete(key)));
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
