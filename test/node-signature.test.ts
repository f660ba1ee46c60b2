import { describe, expect, it } from "vitest";
import { createSignatureVerifier } from "../src/line/signature";
import { createNodeSignatureVerifier } from "../src/runtime/node-signature";

const SECRET = "8c570fa6dd201bb328f1c1eac23a96d8";
const body = new TextEncoder().encode(
  JSON.stringify({ destination: "U1", events: [{ type: "message", message: { text: "เมนู" } }] }),
);

describe("node:crypto signature verifier (injected on Node)", () => {
  it("agrees with the Web Crypto verifier both ways", async () => {
    const [web, node] = await Promise.all([
      createSignatureVerifier(SECRET),
      createNodeSignatureVerifier(SECRET),
    ]);
    const signature = await web.sign(body);
    expect(await node.sign(body)).toBe(signature);
    expect(await node.verify(body, signature)).toBe(true);
    expect(await node.verify(body, ` ${signature} `)).toBe(true);
    expect(await web.verify(body, await node.sign(body))).toBe(true);
  });

  it("refuses a wrong, truncated, malformed or missing signature, or another secret's", async () => {
    const node = await createNodeSignatureVerifier(SECRET);
    const signature = await node.sign(body);
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    for (const bad of [flipped, signature.slice(0, 40), "not base64!", "", undefined, null]) {
      expect(await node.verify(body, bad)).toBe(false);
    }
    const other = await createNodeSignatureVerifier("another-secret");
    expect(await other.verify(body, signature)).toBe(false);
    const changed = new Uint8Array(body);
    changed[10] = (changed[10] ?? 0) ^ 1;
    expect(await node.verify(changed, signature)).toBe(false);
  });
});
