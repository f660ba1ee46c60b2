import type { Role } from "./roles";

/** Invite codes: 8 characters from an alphabet without look-alikes (0/O, 1/I/L), shown as XXXX-XXXX. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What a person typed after `ลงทะเบียน`, in the stored form (case, spaces and the dash are forgiven). */
export function normaliseInviteCode(text: string): string {
  const plain = text.toUpperCase().replace(/[\s-]/g, "");
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

/** Roles an invite can grant (everyone is a citizen without one). */
export const INVITABLE_ROLES = [
  "staff",
  "integrity",
  "executive",
  "admin",
] as const satisfies readonly Role[];
