import { eq, inArray, sql } from "drizzle-orm";
import { type AppDb, statement } from "../client";
import { preparedFor } from "../prepared";
import { type Conversation, conversations } from "../schema";

const findQuery = preparedFor((db) =>
  db
    .select()
    .from(conversations)
    .where(eq(conversations.lineUserId, sql.placeholder("lineUserId")))
    .prepare(),
);

export async function findConversation(db: AppDb, lineUserId: string): Promise<Conversation | undefined> {
  return findQuery(db).get({ lineUserId });
}

/** The flows in progress of `lineUserIds` (at most 100: D1 binds 100 parameters a statement), not yet run. */
export function conversationsAmong(db: AppDb, lineUserIds: string[]) {
  return db.select().from(conversations).where(inArray(conversations.lineUserId, lineUserIds));
}

export function saveConversation(db: AppDb, row: Conversation) {
  const { lineUserId: _u, ...changes } = row;
  return statement(
    db
      .insert(conversations)
      .values(row)
      .onConflictDoUpdate({ target: conversations.lineUserId, set: changes }),
  );
}

export function deleteConversation(db: AppDb, lineUserId: string) {
  return statement(db.delete(conversations).where(eq(conversations.lineUserId, lineUserId)));
}
