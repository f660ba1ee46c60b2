/**
 * Complainant protection on the corruption track, stated once: what `ไม่ประสงค์ออกนาม` and
 * `เปิดเผยตัวตน` mean, and who sees what. The chat's anonymity step, the admin console and the public
 * transparency page all show these texts, so they cannot drift apart.
 *
 * What the code does (and these texts promise):
 * - The complainant's LINE account is linked to the complaint in `complaint_contacts` only; the bot
 *   alone reads it, to push progress and officers' notes to the complainant and to let them track
 *   their own complaints. No chat card, console page, API answer, export or report carries it.
 * - No name is kept, whichever the choice: the choice itself (`complaints.anonymous`) is what differs.
 *   It is shown in the console and the admin API (`anonymous`), never who made it.
 */
import type { Role } from "./roles";

export type AnonymityChoice = "anonymous" | "identified";

export interface AnonymityOption {
  /** The chat label (CONTRACT.md: standard labels). */
  label: string;
  /** What choosing it means, in the third person so every surface shows the same words. */
  meaning: string;
}

export const ANONYMITY_OPTIONS: Record<AnonymityChoice, AnonymityOption> = {
  anonymous: {
    label: "ไม่ประสงค์ออกนาม",
    meaning: "เรื่องบันทึกว่าผู้ร้องไม่ประสงค์ออกนาม",
  },
  identified: {
    label: "เปิดเผยตัวตน",
    meaning:
      "เรื่องบันทึกว่าผู้ร้องยินดีเปิดเผยตัวตน หากต้องสอบข้อเท็จจริง เจ้าหน้าที่จะขอชื่อหรือช่องทางติดต่อผ่านแชต และผู้ร้องเลือกได้ว่าจะให้หรือไม่",
  },
};

/** The rule that holds for both choices. */
export const ANONYMITY_RULE =
  "ทั้งสองแบบ ระบบไม่เก็บชื่อผู้ร้อง ไม่มีผู้ใดในหน่วยงานเห็นชื่อหรือบัญชี LINE ของผู้ร้อง และบอทส่งความคืบหน้าและคำถามของเจ้าหน้าที่ถึงผู้ร้องทางแชตได้เสมอ";

/** Who sees what about a corruption complaint's complainant, as data (tests hold the code to it). */
export const COMPLAINANT_VISIBILITY: {
  /** Roles that see who filed (a name, a LINE account): nobody. */
  identity: readonly Role[];
  /** Where the choice (anonymous or identified) is shown. */
  choiceShownIn: readonly ("console" | "admin-api")[];
} = {
  identity: [],
  choiceShownIn: ["console", "admin-api"],
};

export function anonymityChoiceOf(anonymous: boolean): AnonymityChoice {
  return anonymous ? "anonymous" : "identified";
}

/** The anonymity step's question: both options and the rule, as the chat shows them. */
export function anonymityQuestion(): string {
  const { anonymous, identified } = ANONYMITY_OPTIONS;
  return [
    "ต้องการเปิดเผยตัวตนหรือไม่",
    `• ${anonymous.label}: ${anonymous.meaning}`,
    `• ${identified.label}: ${identified.meaning}`,
    ANONYMITY_RULE,
  ].join("\n");
}
