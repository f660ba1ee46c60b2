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
    const config = parseConfig({
      LINE_CHANNEL_SECRET: "s",
      LINE_CHANNEL_ACCESS_TOKEN: "t",
      PORT: "9000",
      PUBLIC_URL: "https://bot.example.go.th",
    });
    expect(config).toMatchObject({
      simulator: false,
      port: 9000,
      line: { channelSecret: "s", channelAccessToken: "t" },
      publicUrl: "https://bot.example.go.th",
    });
  });

  it("with real LINE credentials, refuses a PUBLIC_URL LINE cannot fetch photos from (not HTTPS)", () => {
    const line = { LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t" };
    for (const publicUrl of [undefined, "http://bot.example.go.th"]) {
      const message = errorOf({ ...line, ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}) });
      expect(message).toMatch(/^Invalid configuration: PUBLIC_URL must be the bot's https:\/\/ origin/);
      expect(message).not.toContain("\n");
    }
    // Simulator mode and a LINE double elsewhere (tests, acceptance runs) take plain-http links.
    expect(parseConfig({ PUBLIC_URL: "http://localhost:8787" }).publicUrl).toBe("http://localhost:8787");
    expect(
      parseConfig({
        ...line,
        LINE_API_BASE_URL: "http://127.0.0.1:9999",
        PUBLIC_URL: "http://127.0.0.1:8787",
      }).simulator,
    ).toBe(false);
  });

  it("refuses to start `npm start` with real LINE credentials and a plain-http PUBLIC_URL, in one line", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/runtime/node.ts"], {
      env: {
        ...process.env,
        LINE_CHANNEL_SECRET: "secret",
        LINE_CHANNEL_ACCESS_TOKEN: "token",
        PUBLIC_URL: "http://bot.example.go.th",
      },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PUBLIC_URL .*https/);
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
    [{ PLATFORM_TOKEN: "short" }, "PLATFORM_TOKEN"],
    [{ PLATFORM_TOKEN: "platform-token-0123456789" }, "PLATFORM_SECRET_KEY"],
    [
      { PLATFORM_TOKEN: "platform-token-0123456789", PLATFORM_SECRET_KEY: "not base64!" },
      "PLATFORM_SECRET_KEY",
    ],
    [
      {
        PLATFORM_TOKEN: "platform-token-0123456789",
        PLATFORM_SECRET_KEY: Buffer.alloc(16).toString("base64"),
      },
      "PLATFORM_SECRET_KEY",
    ],
    [{ PLATFORM_SECRET_KEY: Buffer.alloc(33).toString("base64") }, "PLATFORM_SECRET_KEY"],
  ])("rejects %o with one line naming %s", (env, variable) => {
    const message = errorOf(env);
    expect(message.startsWith(`Invalid configuration: ${variable} `)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("never echoes a secret in the error", () => {
    expect(errorOf({ ADMIN_TOKEN: "short" })).not.toContain("short");
    expect(errorOf({ PLATFORM_TOKEN: "tiny" })).not.toContain("tiny");
    const key = Buffer.alloc(31, 9).toString("base64");
    expect(errorOf({ PLATFORM_TOKEN: "platform-token-0123456789", PLATFORM_SECRET_KEY: key })).not.toContain(
      key,
    );
  });

  it("enables the platform with PLATFORM_TOKEN and a 32-byte PLATFORM_SECRET_KEY (base64 or base64url)", () => {
    expect(parseConfig({}).platform).toBeUndefined();
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    for (const key of [
      bytes.toString("base64"),
      bytes.toString("base64url"),
      ` ${bytes.toString("base64")}\n`,
    ]) {
      const config = parseConfig({ PLATFORM_TOKEN: "platform-token-0123456789", PLATFORM_SECRET_KEY: key });
      expect(config.platform).toEqual({ token: "platform-token-0123456789", secretKey: key.trim() });
    }
    // A key alone (no token) is checked but enables nothing.
    expect(parseConfig({ PLATFORM_SECRET_KEY: bytes.toString("base64") }).platform).toBeUndefined();
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
