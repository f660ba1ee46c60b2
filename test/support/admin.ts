import type { TestBot } from "./bot";
import { TEST_ADMIN_TOKEN } from "./bot";

/** Call the admin API with the test admin token; JSON in, JSON (or null) out. */
export async function adminApi(
  bot: Pick<TestBot, "url">,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${bot.url}/api/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}
