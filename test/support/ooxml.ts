/** Reading the documents the reports write (.docx, .xlsx: zipped XML), for tests. */
import { TEST_ADMIN_TOKEN } from "./bot";

/** XML text as written, its escapes undone (`&#39;` is how some writers escape the apostrophe). */
export const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** A file from the admin API, as bytes. */
export async function downloadAdmin(baseUrl: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}/api/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) },
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}
