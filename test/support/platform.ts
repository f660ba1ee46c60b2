import { expect } from "vitest";
import { createSignatureVerifier } from "../../src/line/signature";
import type { Tenant } from "../../src/platform/tenants";
import type { ServedOrg } from "../../src/runtime/node-server";
import { webhookBody } from "../../src/simulator/webhook-events";
import { type JsonAnswer, jsonCall } from "./admin";
import { TEST_PLATFORM_TOKEN, type TestBot } from "./bot";
import { CONSOLE_PASSWORD, type ConsoleBrowser, consoleBrowser } from "./console-forms";
import { TEST_ACCESS_TOKEN } from "./double";

/** An organisation of the platform registry as a test knows it: its id, name and credentials. */
export interface TestOrg {
  id: string;
  name: string;
  channelSecret: string;
  adminToken: string;
}

/** Two organisations the platform tests register (their own names, secrets and admin tokens). */
export const ORG_A: TestOrg = {
  id: "abt-alpha",
  name: "องค์การบริหารส่วนตำบลอัลฟา",
  channelSecret: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
  adminToken: "alpha-admin-token-0123456789",
};
export const ORG_B: TestOrg = {
  id: "tt-beta",
  name: "เทศบาลตำบลเบตา",
  channelSecret: "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2",
  adminToken: "beta-admin-token-0123456789",
};

/** Call the platform API (`/api/platform`) with the test platform token, or another. */
export function platformApi(
  bot: Pick<TestBot, "url">,
  method: string,
  path: string,
  body?: unknown,
  token = TEST_PLATFORM_TOKEN,
): Promise<JsonAnswer> {
  return jsonCall(`${bot.url}/api/platform${path}`, token, method, body);
}

/** Call an organisation's admin API (`/o/:org/api/admin`) with its admin token. */
export function orgAdminApi(
  bot: Pick<TestBot, "url">,
  org: TestOrg,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonAnswer> {
  return jsonCall(`${bot.url}/o/${org.id}/api/admin${path}`, org.adminToken, method, body);
}

/**
 * Register an organisation through the platform API. The LINE double accepts one access token, so
 * every organisation gets `TEST_ACCESS_TOKEN`; the channel secrets differ.
 */
export async function createOrg(bot: Pick<TestBot, "url">, org: TestOrg): Promise<JsonAnswer> {
  const created = await platformApi(bot, "POST", "/orgs", {
    id: org.id,
    name: org.name,
    channelSecret: org.channelSecret,
    channelAccessToken: TEST_ACCESS_TOKEN,
    adminToken: org.adminToken,
  });
  expect(created.status).toBe(201);
  return created;
}

/**
 * The bot as one organisation's LINE channel sees it: webhooks to `/webhook/:org` signed with its
 * secret, and the same settle. Works with `chatUser` from ./chat.
 */
export async function orgBot<Bot extends Pick<TestBot, "url" | "event" | "postRaw" | "postEvents" | "send">>(
  bot: Bot,
  org: TestOrg,
): Promise<Bot> {
  const signer = await createSignatureVerifier(org.channelSecret);
  const postRaw = async (body: string, signature?: string | null) =>
    fetch(`${bot.url}/webhook/${org.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        ...(signature === null ? {} : { "x-line-signature": signature ?? (await signer.sign(body)) }),
      },
      body,
    });
  const postEvents = (events: Array<Record<string, unknown>>) => postRaw(webhookBody(events));
  return {
    ...bot,
    postRaw,
    postEvents,
    send: (userId: string, ...actions: Parameters<TestBot["send"]>[1][]) =>
      postEvents(actions.map((action) => bot.event(userId, action))),
  };
}

/** The organisation's app and deps inside the server (its own database), for checks a test makes directly. */
export async function tenantOf(bot: TestBot, org: TestOrg): Promise<Tenant<ServedOrg>> {
  const tenant = await bot.organizations.get(org.id);
  if (!tenant) throw new Error(`organisation ${org.id} is not registered`);
  return tenant;
}

/** Where an organisation's console is served: `/o/<org>/admin`. */
export const consoleRootOf = (org: Pick<TestOrg, "id">) => `/o/${org.id}/admin`;

/**
 * An organisation's console, set up and signed in as its first admin would: the admin token opens a
 * session that may only create the first account, then that account signs in. Each step is checked
 * to stay under the organisation's console (`/o/<org>/admin`).
 */
export async function signedInOrgConsole(
  bot: Pick<TestBot, "url">,
  org: TestOrg,
  username = `admin-${org.id}`,
): Promise<ConsoleBrowser> {
  const root = consoleRootOf(org);
  const b = consoleBrowser(bot);
  const token = await b.post(`${root}/sign-in/token`, { token: org.adminToken }, { from: `${root}/sign-in` });
  expect(token.status, token.html.slice(0, 300)).toBe(303);
  expect(token.location).toBe(`${root}/accounts/new`);
  const account = { username, password: CONSOLE_PASSWORD };
  const created = await b.post(`${root}/accounts`, account, { from: `${root}/accounts/new` });
  expect(created.status, created.html.slice(0, 300)).toBe(303);
  expect(created.location).toBe(`${root}/sign-in?notice=account-created`);
  const signedIn = await b.post(`${root}/sign-in`, account, { from: `${root}/sign-in` });
  expect(signedIn.status, signedIn.html.slice(0, 300)).toBe(303);
  expect(signedIn.location).toBe(root);
  return b;
}
