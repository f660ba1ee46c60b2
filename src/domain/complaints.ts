/** Complaints: the two tracks, their statuses and the defaults an organisation starts with. */

export const TRACKS = ["general", "corruption"] as const;
export type Track = (typeof TRACKS)[number];

export const TRACK_LABELS: Record<Track, string> = {
  general: "เรื่องร้องทุกข์",
  corruption: "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
};

/** The type choice in chat; a label containing `ทุจริต` is the corruption kind (CONTRACT.md). */
export const TRACK_CHOICES: Record<Track, string> = {
  general: "ร้องทุกข์ทั่วไป",
  corruption: "ร้องเรียนการทุจริต",
};

export const COMPLAINT_STATUSES = ["received", "in_progress", "forwarded", "resolved", "rejected"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const STATUS_LABELS: Record<ComplaintStatus, string> = {
  received: "รับเรื่องแล้ว",
  in_progress: "กำลังดำเนินการ",
  forwarded: "ส่งต่อหน่วยงานอื่น",
  resolved: "ดำเนินการแล้วเสร็จ",
  rejected: "ไม่รับพิจารณา",
};

/** Resolved and rejected complaints are closed: they are no longer overdue and take no more changes. */
export const CLOSED_STATUSES: ReadonlySet<ComplaintStatus> = new Set(["resolved", "rejected"]);

/** The statuses each status may move to (a reopen after "not fixed" is the complainant's, not listed). */
export const NEXT_STATUSES: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  received: ["in_progress", "forwarded", "resolved", "rejected"],
  in_progress: ["forwarded", "resolved", "rejected"],
  forwarded: ["in_progress", "resolved", "rejected"],
  resolved: [],
  rejected: [],
};

/** Working days to answer a complaint unless its category says otherwise. */
export const DEFAULT_DEADLINE_DAYS = 15;

/** Most complaints one user may file in one day (abuse limit). */
export const DAILY_COMPLAINT_LIMIT = 5;

export const MAX_PHOTOS = 5;
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 5000;

/** Units a new organisation starts with (admins rename or add through the API). */
export const DEFAULT_UNITS = [
  "สำนักปลัด",
  "กองคลัง",
  "กองช่าง",
  "กองสาธารณสุขและสิ่งแวดล้อม",
  "หน่วยตรวจสอบภายใน",
] as const;

/** General-track categories a new organisation starts with, and the unit each is routed to. */
export const DEFAULT_CATEGORIES: ReadonlyArray<{ name: string; unit: (typeof DEFAULT_UNITS)[number] }> = [
  { name: "ถนน/ทางเท้า", unit: "กองช่าง" },
  { name: "ไฟฟ้าส่องสว่าง", unit: "กองช่าง" },
  { name: "น้ำประปา", unit: "กองช่าง" },
  { name: "ขยะและสิ่งแวดล้อม", unit: "กองสาธารณสุขและสิ่งแวดล้อม" },
  { name: "เหตุเดือดร้อนรำคาญ", unit: "กองสาธารณสุขและสิ่งแวดล้อม" },
  { name: "อื่น ๆ", unit: "สำนักปลัด" },
];

/** The corruption track has no category of its own: it is one kind, routed to integrity officers. */
export const CORRUPTION_CATEGORY = "การทุจริตและประพฤติมิชอบ";

/** `R2570-00001` (general) or `C2570-00001` (corruption): track, fiscal year, sequence. */
export const TRACKING_CODE = /^([RC])(\d{4})-(\d{5})$/;

export function trackPrefix(track: Track): "R" | "C" {
  return track === "general" ? "R" : "C";
}

export function normaliseTrackingCode(text: string): string {
  return text.trim().toUpperCase();
}
