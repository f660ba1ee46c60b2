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

/** Keyword and postback audiences. */
export const EVERYONE: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ["staff", "integrity"];
export const LEADERS: readonly Role[] = ["executive", "admin"];

/** Whether an invite (and so a person) of this role must belong to a unit: staff work their unit's share. */
export function needsUnit(role: Role): boolean {
  return role === "staff";
}

/**
 * The complaints and measures a person works, from their role and unit: the one place this is derived.
 * - `corruption`: integrity officers work the corruption track (and no unit's measures);
 * - `unit`: staff work their unit's general complaints and measures;
 * - `unassigned`: staff not yet linked to a unit;
 * - `none`: everyone else.
 */
export type WorkScope =
  | { kind: "corruption" }
  | { kind: "unit"; unitId: string }
  | { kind: "unassigned" }
  | { kind: "none" };

export function workScopeOf(user: { role: Role; unitId: string | null }): WorkScope {
  if (user.role === "integrity") return { kind: "corruption" };
  if (user.role !== "staff") return { kind: "none" };
  return user.unitId ? { kind: "unit", unitId: user.unitId } : { kind: "unassigned" };
}

/** Who may work a complaint: the routed unit's staff (general), integrity officers (corruption). */
export function mayWork(
  user: { role: Role; unitId: string | null },
  complaint: { track: "general" | "corruption"; routedUnitId: string | null },
): boolean {
  const scope = workScopeOf(user);
  if (complaint.track === "corruption") return scope.kind === "corruption";
  return scope.kind === "unit" && scope.unitId === complaint.routedUnitId;
}
