/**
 * Privacy duties (PDPA) as use cases: a person's erasure (chat `ลบข้อมูลของฉัน`), the export for an
 * access request and the retention policy (admin API). Each reads what it needs and returns a plan or
 * a coded refusal; nothing is written here. The retention purge itself is a job
 * (`jobs/retention.job.ts`) and keeps its own commit.
 */
import { z } from "zod";
import { auditStatement } from "../db/repos/audit.repo";
import {
  eitAnswersOfPerson,
  eraseUserStatements,
  generalComplaintsOfPerson,
  photoKeysOfUser,
  recordErasure,
} from "../db/repos/privacy.repo";
import { setSetting } from "../db/repos/settings.repo";
import { findUser } from "../db/repos/users.repo";
import type { User } from "../db/schema";
import type { AppDeps } from "../deps";
import { isoWithOffset } from "../domain/thai-time";
import { RETENTION_KEY, type Retention } from "../jobs/retention.job";
import { type Actor, type Planned, planned, refused } from "./plan";

export const lineUserIdSchema = z
  .string()
  .regex(/^U[0-9a-f]{32}$/, "ต้องเป็นรหัสผู้ใช้ LINE (ตัว U ตามด้วยเลขฐานสิบหก 32 หลัก)");

// ---------------------------------------------------------------------------------------------------
// Erasure

/** A stable stand-in for a LINE id where a record must stay (the audit trail): not reversible. */
export async function pseudonymOf(orgId: string, lineUserId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${orgId}:${lineUserId}`));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `erased:${hex.slice(0, 24)}`;
}

export interface Erasure {
  pseudonym: string;
  /** The photo files the person sent: their records go with the plan, the files with the caller. */
  photoKeys: string[];
}

/**
 * A person's erasure, asked by themselves: everything that identifies them goes in one write
 * (`eraseUserStatements`), the erasure is recorded until its confirmation has been delivered, and the
 * audit row names only the pseudonym. That row is one of the plan's statements, not `plan.audit`:
 * audit rows are recorded with the committing actor, in chat the very LINE id being erased.
 */
export async function planErasure(
  deps: AppDeps,
  person: Pick<User, "lineUserId" | "role">,
): Promise<Planned<Erasure>> {
  const { db, orgId } = deps;
  const { lineUserId } = person;
  const [pseudonym, photoKeys] = await Promise.all([
    pseudonymOf(orgId, lineUserId),
    photoKeysOfUser(db, lineUserId),
  ]);
  const at = deps.clock.now();
  return planned(
    { pseudonym, photoKeys },
    {
      statements: [
        ...eraseUserStatements(db, lineUserId, pseudonym),
        recordErasure(db, { lineUserId, pseudonym, requestedAt: at }),
        auditStatement(db, {
          at,
          actor: pseudonym,
          action: "privacy.erase",
          subject: pseudonym,
          detail: { photos: photoKeys.length, role: person.role },
        }),
      ],
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Access request

export interface AccessExport {
  lineUserId: string;
  user: {
    role: User["role"];
    unitId: string | null;
    displayName: string | null;
    firstSeenAt: string | null;
    lastSeenAt: string | null;
    consentedAt: string | null;
    reachable: boolean;
  } | null;
  complaints: Array<{
    trackingCode: string;
    category: string;
    description: string;
    status: string;
    createdAt: string | null;
    closedAt: string | null;
    address: string | null;
  }>;
  eitAnswers: Array<{ fiscalYear: number; scores: Record<string, number>; answeredAt: string | null }>;
  note: string;
}

const SEALED_NOTE =
  "เรื่องร้องเรียนการทุจริตไม่รวมอยู่ในรายการนี้ เพื่อคุ้มครองผู้ร้อง เจ้าของข้อมูลดูได้เองทาง LINE ด้วยคำสั่ง ติดตามเรื่อง";

/**
 * What is held about a person, for their access request: a read, whose one write is the audit row
 * saying it was taken. Their corruption complaints are left out: the complainant is sealed even from
 * the admin; the person sees those in their own chat (`ติดตามเรื่อง`).
 */
export async function planAccessExport(
  deps: AppDeps,
  input: { lineUserId: string },
  _actor: Actor,
): Promise<Planned<AccessExport>> {
  const { db } = deps;
  const { lineUserId } = input;
  const [user, complaints, answers] = await Promise.all([
    findUser(db, lineUserId),
    generalComplaintsOfPerson(db, lineUserId),
    eitAnswersOfPerson(db, lineUserId),
  ]);
  if (!user && complaints.length === 0 && answers.length === 0) return refused("privacy.no_data");
  const at = (ms: number | null) => (ms === null ? null : isoWithOffset(ms, deps.config.timeZone));
  const document: AccessExport = {
    lineUserId,
    user: user
      ? {
          role: user.role,
          unitId: user.unitId,
          displayName: user.displayName,
          firstSeenAt: at(user.createdAt),
          lastSeenAt: at(user.lastSeenAt),
          consentedAt: at(user.consentedAt),
          reachable: user.reachable,
        }
      : null,
    complaints: complaints.map((k) => ({ ...k, createdAt: at(k.createdAt), closedAt: at(k.closedAt) })),
    eitAnswers: answers.map((a) => ({ ...a, answeredAt: at(a.answeredAt) })),
    note: SEALED_NOTE,
  };
  return planned(document, { audit: [{ action: "privacy.export", subject: lineUserId }] });
}

// ---------------------------------------------------------------------------------------------------
// Retention policy

/** The organisation's retention period for closed complaints' photos, contacts and places; audited. */
export async function planRetentionPolicy(
  deps: AppDeps,
  policy: Retention,
  _actor: Actor,
): Promise<Planned<Retention>> {
  return planned(policy, {
    statements: [setSetting(deps.db, RETENTION_KEY, policy, deps.clock.now())],
    audit: [{ action: "settings.retention", detail: policy }],
  });
}
