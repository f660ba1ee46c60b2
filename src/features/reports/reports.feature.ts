import { reportLinksCard } from "../../../flex-templates/reports.flex";
import type { BotContext } from "../../bot/context";
import { fiscalYearOf, thaiDateTime } from "../../domain/thai-time";
import { REPORT_LINK_TTL_MS, signedReportLink } from "../../http/report-links";
import { itaAnalysisMessage } from "../ita/ita.feature";

const MEASURES = "ผลการดำเนินการตามมาตรการ";
const COMPLAINTS = "สถิติเรื่องร้องเรียน";

/**
 * The reports of the current fiscal year, by group, label, file and query. A label fits a button on
 * a phone (≤ 20 characters) and says what differs; its group, shown above, says what it is.
 */
const REPORTS = [
  { group: MEASURES, label: "รอบ 6 เดือน · Word", file: "measures.docx", period: "h1" },
  { group: MEASURES, label: "รอบ 6 เดือน · Excel", file: "measures.xlsx", period: "h1" },
  { group: MEASURES, label: "รอบ 12 เดือน · Word", file: "measures.docx", period: "year" },
  { group: MEASURES, label: "รอบ 12 เดือน · Excel", file: "measures.xlsx", period: "year" },
  { group: COMPLAINTS, label: "ทั้งปี · Excel", file: "complaints.xlsx" },
] as const;

/** `รายงาน` (executives, admins): signed download links good for 24 hours, then the ITA analysis. */
export async function reportLinks(ctx: BotContext): Promise<void> {
  const { config } = ctx.deps;
  const fiscalYear = fiscalYearOf(ctx.now, config.timeZone);
  const expiresAt = ctx.now + REPORT_LINK_TTL_MS;
  const links = await Promise.all(
    REPORTS.map(async (report) => ({
      group: report.group,
      label: report.label,
      url: await signedReportLink(
        config,
        report.file,
        { fiscalYear: String(fiscalYear), ...("period" in report ? { period: report.period } : {}) },
        expiresAt,
      ),
    })),
  );
  ctx.reply(
    reportLinksCard({
      orgName: config.orgName,
      fiscalYear,
      validUntil: thaiDateTime(expiresAt, config.timeZone),
      links,
    }),
    await itaAnalysisMessage(ctx.deps, fiscalYear),
  );
}
