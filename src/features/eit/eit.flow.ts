import { z } from "zod";
import { eitQuestionCard } from "../../../flex-templates/eit.flex";
import { CHOICES, textOf } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import {
  EIT_INDICATORS,
  EIT_ITEMS,
  type EitItem,
  type EitItemCode,
  SCALE_ANSWERS,
  scoreAnswer,
  YES_NO_ANSWERS,
} from "../../domain/eit";
import {
  type FlowDefinition,
  type FlowStep,
  ok,
  reask,
  type SameData,
  startFlow,
  stepsOf,
} from "../../flows/engine";
import { quickReply, textMessage } from "../../line/messages";
import { planSaveEitAnswers } from "../../services/eit.service";

const answersSchema = z.object({ scores: z.record(z.string(), z.number().min(0).max(100)) });
type Answers = z.infer<typeof answersSchema>;

type EitData = SameData<EitItemCode, Answers>;
const step = stepsOf<EitData>();

function itemStep(item: EitItem, index: number): FlowStep<EitData, EitItemCode, number> {
  const answers = item.kind === "scale" ? SCALE_ANSWERS : YES_NO_ANSWERS;
  const next = EIT_ITEMS[index + 1];
  return step(item.code, {
    schema: answersSchema,
    prompt: () => [
      eitQuestionCard(
        {
          number: index + 1,
          total: EIT_ITEMS.length,
          indicatorName: EIT_INDICATORS[item.indicator],
          text: item.text,
        },
        quickReply([...answers.map((label) => ({ label })), CHOICES.cancel]),
      ),
    ],
    parse(_ctx, _data, input) {
      const text = textOf(input);
      const score = text === undefined ? undefined : scoreAnswer(item, text);
      return score === undefined ? reask(`โปรดเลือกคำตอบ: ${answers.join(" / ")}`) : ok(score);
    },
    async apply(ctx, data, score) {
      const scores = { ...data.scores, [item.code]: score };
      if (next) return { next: next.code, data: { scores } };
      const actor = { audit: ctx.user.lineUserId, display: "ผู้ตอบแบบวัด" };
      const saved = await planSaveEitAnswers(ctx.deps, { lineUserId: ctx.user.lineUserId, scores }, actor);
      if (!saved.ok) {
        ctx.reply(textMessage(saved.error.thai, [CHOICES.menu]));
        return { done: true };
      }
      ctx.apply(saved.plan);
      const { fiscalYear } = saved.value;
      ctx.reply(
        textMessage(
          `ขอบคุณที่ตอบแบบวัดครบ ${EIT_ITEMS.length} ข้อ คำตอบของคุณบันทึกสำหรับปีงบประมาณ ${fiscalYear} แล้ว (ตอบใหม่ได้ คำตอบล่าสุดจะแทนที่คำตอบเดิม)\n\nการประเมินอย่างเป็นทางการ (EIT) ของสำนักงาน ป.ป.ช. เป็นคนละส่วนกับแบบวัดนี้ หากได้รับคำเชิญ โปรดร่วมตอบด้วย`,
          [CHOICES.menu],
        ),
      );
      return { done: true };
    },
  });
}

/** ประเมิน: the EIT pulse, e1–e9, one card at a time; one answer set per user and fiscal year. */
export const eitFlow: FlowDefinition<EitData, "e1"> = {
  name: "eit",
  version: 1,
  first: "e1",
  initial: () => ({ scores: {} }),
  // One step per item, e1–e9 (EIT_ITEMS lists every code once).
  steps: Object.fromEntries(
    EIT_ITEMS.map((item, index) => [item.code, itemStep(item, index)]),
  ) as FlowDefinition<EitData>["steps"],
};

export async function startEitSurvey(ctx: BotContext): Promise<void> {
  ctx.reply(
    textMessage(
      `แบบวัดความคิดเห็นต่อการให้บริการของหน่วยงาน ${EIT_ITEMS.length} ข้อ ใช้เวลาประมาณ 2 นาที ไม่มีคำตอบถูกหรือผิด คำตอบใช้ในภาพรวมเท่านั้น ไม่ระบุตัวผู้ตอบ`,
    ),
  );
  await startFlow(ctx, eitFlow);
}
