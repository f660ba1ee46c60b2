import type { messagingApi } from "@line/bot-sdk";
import { actionButton, BRAND, flex, header, paragraph } from "./components";

export interface EitQuestionView {
  number: number;
  total: number;
  indicatorName: string;
  text: string;
}

/** One EIT pulse item per card; the answers are the message's quick replies. */
export function eitQuestionCard(
  view: EitQuestionView,
  quickReply: messagingApi.QuickReply,
): messagingApi.FlexMessage {
  return {
    ...flex(`แบบวัด EIT ข้อ ${view.number}/${view.total}: ${view.text}`, {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        spacing: "md",
        contents: [
          {
            type: "text",
            text: `ข้อ ${view.number}/${view.total} · ${view.indicatorName}`,
            size: "xs",
            color: BRAND.muted,
          },
          { type: "text", text: view.text, wrap: true, size: "md", weight: "bold", color: BRAND.text },
          paragraph("เลือกคำตอบจากปุ่มด้านล่าง", { muted: true }),
        ],
      },
    }),
    quickReply,
  };
}

export interface EitInvitationView {
  orgName: string;
  url: string;
  endDate: string;
}

/** EIT drive: the one invitation to the NACC's official assessment after a complaint is closed. */
export function eitInvitationCard(view: EitInvitationView): messagingApi.FlexMessage {
  return flex(`ขอเชิญร่วมประเมินคุณธรรมและความโปร่งใส (EIT) ของ ${view.orgName} ภายใน ${view.endDate}`, {
    type: "bubble",
    header: header("ขอเชิญร่วมประเมิน ITA", view.orgName),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "md",
      contents: [
        paragraph(
          "ความเห็นของท่านช่วยให้หน่วยงานปรับปรุงการให้บริการ แบบประเมินเป็นของสำนักงาน ป.ป.ช. ใช้เวลาประมาณ 5 นาที และไม่ระบุตัวตนผู้ตอบ",
        ),
        paragraph(`เปิดให้ตอบถึง ${view.endDate}`, { muted: true }),
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [actionButton({ type: "uri", label: "ทำแบบประเมิน EIT", uri: view.url })],
    },
  });
}
