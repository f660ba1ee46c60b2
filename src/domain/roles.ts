/** Roles a LINE user can hold in an organisation; everyone starts as a citizen. */
export const ROLES = ["citizen", "staff", "integrity", "executive", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  citizen: "ประชาชน",
  staff: "เจ้าหน้าที่",
  integrity: "เจ้าหน้าที่ตรวจสอบภายใน",
  executive: "ผู้บริหาร",
  admin: "ผู้ดูแลระบบ",
};
