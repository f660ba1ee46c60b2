import type { messagingApi } from "@line/bot-sdk";
import { actionButton, flex, header, paragraph } from "./components";

export interface ReportLinksView {
  orgName: string;
  fiscalYear: number;
  /** "2 ธ.ค. 2569 14:05 น." */
  validUntil: string;
  /** In order; a group's heading is shown above its first link. */
  links: Array<{ group: string; label: string; url: string }>;
}

/** `รายงาน`: download links (good for 24 h) to the reports the OIT checklist asks for. */
export function reportLinksCard(view: ReportLinksView): messagingApi.FlexMessage {
  const contents: messagingApi.FlexComponent[] = [];
  view.links.forEach((link, i) => {
    if (link.group !== view.links[i - 1]?.group)
      contents.push({ ...paragraph(link.group, { bold: true }), ...(i > 0 ? { margin: "md" } : {}) });
    contents.push(actionButton({ type: "uri", label: link.label, uri: link.url }, "link"));
  });
  const alt = view.links.map((l) => `${l.group} ${l.label}`).join(", ");
  return flex(`รายงานปีงบประมาณ ${view.fiscalYear}: ${alt}`, {
    type: "bubble",
    header: header(`รายงาน ปีงบประมาณ ${view.fiscalYear}`, view.orgName),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        ...contents,
        paragraph(`ลิงก์ใช้ได้ถึง ${view.validUntil} หลังจากนั้นพิมพ์ "รายงาน" เพื่อขอลิงก์ใหม่`, { muted: true }),
      ],
    },
  });
}
