import type { messagingApi } from "@line/bot-sdk";
import { flex, header, keywordButton, paragraph } from "./components";

export interface WelcomeView {
  orgName: string;
}

/** Sent on `follow`: what the OA does and the PDPA notice (what is collected, why, how to ask for deletion). */
export function welcomeCard(view: WelcomeView): messagingApi.FlexMessage {
  return flex(`ยินดีต้อนรับสู่ ${view.orgName}`, {
    type: "bubble",
    header: header("ยินดีต้อนรับ", view.orgName),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "md",
      contents: [
        paragraph(
          "ที่นี่คุณแจ้งเรื่องร้องทุกข์ ร้องเรียนการทุจริต ติดตามผลการดำเนินงาน และตอบแบบประเมินความโปร่งใสของหน่วยงานได้",
        ),
        { type: "separator" },
        paragraph("การคุ้มครองข้อมูลส่วนบุคคล", { bold: true }),
        paragraph(
          "เราเก็บรหัสผู้ใช้ LINE และข้อมูลที่คุณส่งมา (ข้อความ รูปภาพ ตำแหน่ง) เพื่อรับและติดตามเรื่องของคุณ และแจ้งผลกลับเท่านั้น ไม่เปิดเผยตัวผู้ร้องเรียนการทุจริต",
          { muted: true },
        ),
        paragraph('ขอลบข้อมูลของคุณได้ทุกเมื่อ โดยพิมพ์ "ลบข้อมูลของฉัน"', { muted: true }),
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [keywordButton("เมนู", "เมนู", "primary")],
    },
  });
}
