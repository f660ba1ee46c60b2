import type { TestBot } from "./bot";
import { TEST_ADMIN_TOKEN } from "./bot";

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
export type JsonAnswer = { status: number; json: any };

/** A bearer-authenticated JSON call: JSON in, JSON (or null) out. */
export async function jsonCall(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** Call the admin API with the test admin token. */
export function adminApi(
  bot: Pick<TestBot, "url">,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonAnswer> {
  return jsonCall(`${bot.url}/api/admin${path}`, TEST_ADMIN_TOKEN, method, body);
}
