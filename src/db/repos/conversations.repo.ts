import { and, eq, inArray, sql } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import { preparedFor } from "../prepared";
import { type Conversation, conversations } from "../schema";

const findQuery = preparedFor((db) =>
  db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.orgId, sql.placeholder("orgId")),
        eq(conversations.lineUserId, sql.placeholder("lineUserId")),
      ),
    )
    .prepare(),
);

export async function findConversation(
  db: AppDb,
  orgId: string,
  lineUserId: string,
): Promise<Conversation | undefined> {
  return findQuery(db).get({ orgId, lineUserId });
}

/** The flows in progress of `lineUserIds` (at most 99: D1 binds 100 parameters a statement), not yet run. */
export function conversationsAmong(db: AppDb, orgId: string, lineUserIds: string[]) {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.orgId, orgId), inArray(conversations.lineUserId, lineUserIds)));
}

export function saveConversation(db: AppDb, row: Conversation) {
  const { orgId: _o, lineUserId: _u, ...changes } = row;
  return statement(
    db
      .insert(conversations)
      .values(row)
      .onConflictDoUpdate({ target: [conversations.orgId, conversations.lineUserId], set: changes }),
  );
}

export function deleteConversation(db: AppDb, orgId: string, lineUserId: string) {
  return statement(
    db
      .delete(conversations)
      .where(and(eq(conversations.orgId, orgId), eq(conversations.lineUserId, lineUserId))),
  );
}
