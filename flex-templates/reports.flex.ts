import type { messagingApi } from "@line/bot-sdk";
import { actionButton, flex, header, paragraph } from "./components";

export interface ReportLinksView {
  orgName: string;
  fiscalYear: number;
  /** "2 ธ.ค. 2569 14:05 น." */
  validUntil: string;
  links: Array<{ label: string; url: string }>;
}

/** `รายงาน`: download links (good for 24 h) to the reports the OIT checklist asks for. */
export function reportLinksCard(view: ReportLinksView): messagingApi.FlexMessage {
  return flex(`รายงานปีงบประมาณ ${view.fiscalYear}: ${view.links.map((l) => l.label).join(", ")}`, {
    type: "bubble",
    header: header(`รายงาน ปีงบประมาณ ${view.fiscalYear}`, view.orgName),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        ...view.links.map((link) => actionButton({ type: "uri", label: link.label, uri: link.url }, "link")),
        paragraph(`ลิงก์ใช้ได้ถึง ${view.validUntil} หลังจากนั้นพิมพ์ "รายงาน" เพื่อขอลิงก์ใหม่`, { muted: true }),
      ],
    },
  });
}
