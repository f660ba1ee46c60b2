/**
 * How the organisation's documents are signed and worded: its อำเภอ/จังหวัด under its name, an
 * optional opening paragraph, the three signers of a report (ผู้รายงาน, ผู้ตรวจสอบ/หัวหน้าหน่วยงาน,
 * ผู้บริหาร) and whether numerals are written in Thai digits (the seeds use them). Every document the
 * product writes reads these through `documentStyle`.
 */
import { z } from "zod";
import { getSetting } from "../../db/repos/settings.repo";
import type { AppDeps } from "../../deps";

const line = (max: number) => z.string().trim().max(max, `ยาวได้ไม่เกิน ${max} ตัวอักษร`);

/** One signer: a name and a position (both may be left blank, to be written by hand). */
export const signerSchema = z.object({ name: line(120).default(""), position: line(200).default("") });
export type Signer = z.infer<typeof signerSchema>;

export const documentSettingsSchema = z.object({
  district: line(100).default(""),
  province: line(100).default(""),
  /** A paragraph before the table (the progress report's opening). */
  opening: line(3000).default(""),
  reporter: signerSchema.default({ name: "", position: "" }),
  checker: signerSchema.default({ name: "", position: "" }),
  executive: signerSchema.default({ name: "", position: "" }),
  /** Write every numeral in Thai digits (๐–๙), in every document: numerals are never mixed. */
  thaiNumerals: z.boolean().default(false),
});
export type DocumentSettings = z.infer<typeof documentSettingsSchema>;
export const DOCUMENT_SETTINGS_KEY = "documents";

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = documentSettingsSchema.parse({});

export async function documentSettings(deps: AppDeps): Promise<DocumentSettings> {
  return (
    (await getSetting(deps.db, DOCUMENT_SETTINGS_KEY, documentSettingsSchema)) ?? DEFAULT_DOCUMENT_SETTINGS
  );
}
