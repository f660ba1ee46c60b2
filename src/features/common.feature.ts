import { menuCard } from "../../flex-templates/menu.flex";
import { welcomeCard } from "../../flex-templates/welcome.flex";
import type { BotFeatures } from "../bot/bot";
import { expiredFlowNotice, tooFastNotice } from "../bot/bot";
import { CHOICES } from "../bot/choices";
import { type Command, commandsFor, type Postback } from "../bot/commands";
import type { BotContext } from "../bot/context";
import { setReachable } from "../db/repos/users.repo";
import { EVERYONE, LEADERS, ROLE_LABELS, STAFF } from "../domain/roles";
import { textMessage } from "../line/messages";
import { register } from "./access/register.feature";
import { complaintFlow } from "./complaints/complaint.flow";
import { evidencePostbacks } from "./complaints/complaint-evidence";
import { complaintWorkFlow, listWork, NOT_YOUR_WORK, openWork } from "./complaints/complaint-work";
import {
  answerTyped,
  complaintPostbacks,
  startComplaint,
  trackComplaints,
} from "./complaints/complaints.feature";
import { eitFlow, startEitSurvey } from "./eit/eit.flow";
import { measurePostbacks, startMeasures } from "./measures/measures.feature";
import { progressFlow } from "./measures/progress.flow";
import { progressEditCommand, progressEditFlow, progressEditPostbacks } from "./measures/progress-edit.flow";
import { showOverview } from "./overview/overview.feature";
import { eraseFlow, startErase } from "./privacy/erase.feature";
import { showMyData } from "./privacy/my-data.feature";
import { reportLinks } from "./reports/reports.feature";

const MENU_CHOICE = [CHOICES.menu];

function showMenu(ctx: BotContext, commands: readonly Command[]) {
  const items = commandsFor(commands, ctx.user.role).map((command) => ({
    keyword: command.keyword,
    description: command.description ?? "",
  }));
  ctx.reply(menuCard({ orgName: ctx.deps.config.orgName, roleLabel: ROLE_LABELS[ctx.user.role], items }));
}

async function cancel(ctx: BotContext) {
  if (ctx.conversation) {
    await ctx.abandonFlow();
    ctx.reply(textMessage("ยกเลิกแล้ว ข้อมูลที่กรอกไว้ไม่ถูกบันทึก", MENU_CHOICE));
  } else {
    ctx.reply(textMessage("ขณะนี้ไม่มีรายการที่ทำค้างอยู่", MENU_CHOICE));
  }
}

/** The keywords of CONTRACT.md › Chat contract, in the order `เมนู` lists them. */
export function coreCommands(): Command[] {
  const commands: Command[] = [
    {
      keyword: "ร้องเรียน",
      description: "แจ้งเรื่องร้องทุกข์ หรือร้องเรียนการทุจริต",
      roles: EVERYONE,
      run: startComplaint,
    },
    {
      keyword: "ติดตามเรื่อง",
      description: "ดูสถานะเรื่องที่คุณแจ้งไว้",
      roles: EVERYONE,
      takesArgument: true,
      run: trackComplaints,
    },
    {
      keyword: "ประเมิน",
      description: "ตอบแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสีย (EIT)",
      roles: EVERYONE,
      run: startEitSurvey,
    },
    {
      keyword: "มาตรการ",
      description: "บันทึกความก้าวหน้ามาตรการของหน่วยงาน",
      roles: STAFF,
      run: startMeasures,
    },
    progressEditCommand,
    {
      keyword: "งานร้องเรียน",
      description: "เรื่องร้องเรียนที่ส่งถึงหน่วยงานของคุณ",
      roles: STAFF,
      takesArgument: true,
      run: listWork,
    },
    {
      keyword: "ภาพรวม",
      description: "ภาพรวมมาตรการและเรื่องร้องเรียน",
      roles: LEADERS,
      run: showOverview,
    },
    {
      keyword: "รายงาน",
      description: "ลิงก์รายงานฉบับล่าสุด",
      roles: LEADERS,
      run: reportLinks,
    },
    { keyword: "ลงทะเบียน", roles: EVERYONE, takesArgument: true, run: register },
    {
      keyword: "ข้อมูลของฉัน",
      description: "ดูข้อมูลส่วนบุคคลที่เก็บไว้ และดาวน์โหลด",
      roles: EVERYONE,
      run: showMyData,
    },
    {
      keyword: "ลบข้อมูลของฉัน",
      description: "ขอลบข้อมูลส่วนบุคคลของคุณ",
      roles: EVERYONE,
      run: startErase,
    },
    { keyword: "ยกเลิก", roles: EVERYONE, run: cancel },
  ];
  commands.push({ keyword: "เมนู", roles: EVERYONE, run: (ctx) => showMenu(ctx, commands) });
  return commands;
}

export function coreFeatures(extra: Partial<BotFeatures> = {}): BotFeatures {
  const commands = extra.commands ?? coreCommands();
  return {
    commands,
    flows: [complaintFlow, eitFlow, complaintWorkFlow, progressFlow, progressEditFlow, eraseFlow],
    onFollow(ctx) {
      // The engine's `touchUser` (queued first) creates the row; this marks it reachable again.
      ctx.write(setReachable(ctx.deps.db, ctx.user.lineUserId, true, ctx.now));
      ctx.reply(welcomeCard({ orgName: ctx.deps.config.orgName }));
    },
    async onUnfollow(ctx) {
      ctx.write(setReachable(ctx.deps.db, ctx.user.lineUserId, false, ctx.now));
      await ctx.abandonFlow();
    },
    postbacks: [
      { action: "menu", roles: EVERYONE, run: (ctx) => showMenu(ctx, commands) },
      ...complaintPostbacks,
      { action: "work", roles: STAFF, refusal: NOT_YOUR_WORK, run: openWork },
      ...evidencePostbacks,
      ...measurePostbacks,
      ...progressEditPostbacks,
    ] satisfies Postback[],
    pendingAnswer: answerTyped,
    fallback(ctx) {
      const what = ctx.event.type === "postback" ? "ปุ่มนี้ใช้ไม่ได้แล้ว" : "ขออภัย ไม่เข้าใจข้อความนี้";
      ctx.reply(textMessage(`${what} พิมพ์ "เมนู" เพื่อดูว่าทำอะไรได้บ้าง`, MENU_CHOICE));
    },
    refuse(ctx, command) {
      ctx.reply(
        textMessage(
          `ขออภัย คำสั่ง "${command.keyword}" ใช้ได้เฉพาะเจ้าหน้าที่ที่ลงทะเบียนแล้ว หากคุณเป็นเจ้าหน้าที่ โปรดขอรหัสลงทะเบียนจากผู้ดูแลระบบ`,
          MENU_CHOICE,
        ),
      );
    },
    refusePostback(ctx, postback) {
      ctx.reply(textMessage(postback.refusal ?? "ขออภัย ปุ่มนี้ใช้ได้เฉพาะเจ้าหน้าที่ที่ลงทะเบียนแล้ว", MENU_CHOICE));
    },
    expiredNotice: expiredFlowNotice,
    tooFast: tooFastNotice,
    ...extra,
  };
}
