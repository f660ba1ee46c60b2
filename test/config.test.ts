import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config";

function errorOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("has the contract's defaults and simulator mode without credentials", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 8787,
      databasePath: "./data/prongsai.sqlite",
      simulator: true,
      orgName: "องค์กรปกครองส่วนท้องถิ่นตัวอย่าง",
      timeZone: "Asia/Bangkok",
      line: { apiBaseUrl: "https://api.line.me", dataApiBaseUrl: "https://api-data.line.me" },
    });
    expect(config.adminToken).toBeUndefined();
  });

  it("uses LINE credentials when both are set", () => {
    const config = parseConfig({ LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t", PORT: "9000" });
    expect(config).toMatchObject({
      simulator: false,
      port: 9000,
      line: { channelSecret: "s", channelAccessToken: "t" },
    });
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ LINE_API_BASE_URL: "not a url" }, "LINE_API_BASE_URL"],
    [{ LINE_API_BASE_URL: "https://api.line.me/mock/line" }, "LINE_API_BASE_URL"],
    [{ LINE_DATA_API_BASE_URL: "ftp://x" }, "LINE_DATA_API_BASE_URL"],
    [{ LINE_CHANNEL_SECRET: "only-secret" }, "LINE_CHANNEL_ACCESS_TOKEN"],
    [{ ADMIN_TOKEN: "short" }, "ADMIN_TOKEN"],
    [{ TZ_NAME: "Mars/Olympus" }, "TZ_NAME"],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL"],
    [{ PRONGSAI_WORKER_NICE: "20" }, "PRONGSAI_WORKER_NICE"],
  ])("rejects %o with one line naming %s", (env, variable) => {
    const message = errorOf(env);
    expect(message.startsWith(`Invalid configuration: ${variable} `)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("never echoes a secret in the error", () => {
    expect(errorOf({ ADMIN_TOKEN: "short" })).not.toContain("short");
  });

  it("a bad value stops `npm start` with one line, not a stack trace", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/runtime/node.ts"], {
      env: { ...process.env, PORT: "eighty" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT .*eighty/);
  });
});
