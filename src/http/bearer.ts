import type { Config } from "../config";

const encoder = new TextEncoder();

const sha256 = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(32);
  if (!/^[0-9a-f]{64}$/i.test(hex)) return bytes.fill(0xff);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The presented bearer token's SHA-256 against an expected one, compared in constant time. */
async function presentedMatches(header: string | undefined, expected: Promise<Uint8Array>): Promise<boolean> {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const [x, y] = await Promise.all([sha256(match[1].trim()), expected]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

/** Compare `Authorization: Bearer <token>` with the expected token without leaking timing. */
export async function bearerEquals(header: string | undefined, expected: string): Promise<boolean> {
  return presentedMatches(header, sha256(expected));
}

/** The same, when only the expected token's hex SHA-256 is kept (an organisation's admin token). */
export async function bearerMatchesSha256(header: string | undefined, expectedHex: string): Promise<boolean> {
  return presentedMatches(header, Promise.resolve(hexBytes(expectedHex)));
}

/**
 * Whether `Authorization: Bearer <token>` carries the organisation's admin token: `ADMIN_TOKEN`, or for
 * an organisation of the platform the token whose SHA-256 its registry entry keeps. False when the
 * organisation has none (its admin API and the console's token sign-in are off).
 */
export async function isAdminToken(
  config: Pick<Config, "adminToken" | "adminTokenSha256">,
  header: string | undefined,
): Promise<boolean> {
  if (config.adminToken) return bearerEquals(header, config.adminToken);
  if (config.adminTokenSha256) return bearerMatchesSha256(header, config.adminTokenSha256);
  return false;
}
