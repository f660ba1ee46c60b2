import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const copy = new URL("../../src/line-double/openapi/messaging-api.yml", import.meta.url);
const official = new URL("../../../shared/line-openapi/messaging-api.yml", import.meta.url);

describe("the double's copy of LINE's OpenAPI spec", () => {
  it.runIf(existsSync(official))("is byte for byte the one in shared/line-openapi", () => {
    expect(readFileSync(copy).equals(readFileSync(official))).toBe(true);
  });
});
