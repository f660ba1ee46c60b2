import { z } from "zod";
import { secretKeyBytes } from "./platform/secrets";

/** An origin such as `https://api.line.me`: the LINE gateway (line/gateway.ts) calls fixed paths on it. */
const origin = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      ctx.addIssue({ code: "custom", message: "must be an http(s) URL such as https://api.line.me" });
    } else if (url.pathname !== "/" || url.search) {
      ctx.addIssue({
        code: "custom",
        message: "must be an origin with no path (the bot would drop any path)",
      });
    }
  })
  .transform((value) => new URL(value).origin);

const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const timeZone = z
  .string()
  .trim()
  .refine((value) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Asia/Bangkok");

export const envSchema = z
  .object({
    PORT: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(8787),
    DATABASE_PATH: z.string().trim().min(1, "must not be empty").default("./data/prongsai.sqlite"),
    LINE_CHANNEL_SECRET: optionalSecret,
    LINE_CHANNEL_ACCESS_TOKEN: optionalSecret,
    LINE_API_BASE_URL: origin.default("https://api.line.me"),
    LINE_DATA_API_BASE_URL: origin.default("https://api-data.line.me"),
    ADMIN_TOKEN: optionalSecret.refine(
      (value) => value === undefined || value.length >= 16,
      "must be at least 16 characters",
    ),
    /** Bearer token of the platform API (`/api/platform/*`: many organisations); unset: off. */
    PLATFORM_TOKEN: optionalSecret.refine(
      (value) => value === undefined || value.length >= 16,
      "must be at least 16 characters",
    ),
    /** AES-256-GCM key (32 bytes, base64) sealing the organisations' LINE credentials at rest. */
    PLATFORM_SECRET_KEY: optionalSecret.refine(
      (value) => value === undefined || secretKeyBytes(value) !== undefined,
      "must be 32 bytes in base64 (openssl rand -base64 32)",
    ),
    ORG_NAME: z.string().trim().min(1).max(200).default("องค์กรปกครองส่วนท้องถิ่นตัวอย่าง"),
    /** The bot's public origin, for download links sent in chat (default: http://localhost:PORT). */
    PUBLIC_URL: origin.optional(),
    TZ_NAME: timeZone.default("Asia/Bangkok"),
    LOG_LEVEL: z
      .enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" })
      .default("info"),
    CHAT_RATE_LIMIT: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must be 0 (off) or more")
      .max(10_000, "must be at most 10000")
      .default(60),
    PRONGSAI_WORKER_NICE: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must be between 0 and 19")
      .max(19, "must be between 0 and 19")
      .default(10),
    /** Node: threads handling events (the first also recovers and runs the schedule). */
    PRONGSAI_PROCESSING_THREADS: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 8")
      .max(8, "must be between 1 and 8")
      .default(1),
  })
  .superRefine((env, ctx) => {
    const hasSecret = env.LINE_CHANNEL_SECRET !== undefined;
    const hasToken = env.LINE_CHANNEL_ACCESS_TOKEN !== undefined;
    if (hasSecret !== hasToken) {
      ctx.addIssue({
        code: "custom",
        path: [hasSecret ? "LINE_CHANNEL_ACCESS_TOKEN" : "LINE_CHANNEL_SECRET"],
        message:
          "must be set together with the other LINE credential (or leave both unset for simulator mode)",
      });
    }
    // Real LINE fetches image messages (complaint photos) only over HTTPS; a double or a test
    // platform at another LINE_API_BASE_URL takes the bot's plain-http links.
    const realLine = hasSecret && hasToken && new URL(env.LINE_API_BASE_URL).hostname.endsWith(".line.me");
    if (realLine && !env.PUBLIC_URL?.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_URL"],
        message:
          "must be the bot's https:// origin when LINE credentials are set (LINE shows photos only from HTTPS links)",
      });
    }
    if (env.PLATFORM_TOKEN !== undefined && env.PLATFORM_SECRET_KEY === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["PLATFORM_SECRET_KEY"],
        message: "must be set when PLATFORM_TOKEN is (32 bytes in base64: openssl rand -base64 32)",
      });
    }
  });

export type Env = z.output<typeof envSchema>;

export interface Config {
  port: number;
  databasePath: string;
  /** No LINE credentials: the bot talks to the built-in LINE platform double. */
  simulator: boolean;
  line: { channelSecret?: string; channelAccessToken?: string; apiBaseUrl: string; dataApiBaseUrl: string };
  adminToken?: string;
  /**
   * An organisation served through the platform registry keeps only its admin token's hex SHA-256
   * (`ADMIN_TOKEN` is the default organisation's).
   */
  adminTokenSha256?: string;
  /** The platform API and `/webhook/:org` (many organisations); only the default organisation's config has it. */
  platform?: { token: string; secretKey: string };
  orgName: string;
  /** Where links the bot sends start (report downloads, photos): `PUBLIC_URL`, or `PUBLIC_URL/o/<org>` for an organisation of the platform. */
  publicUrl: string;
  timeZone: string;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Events a minute one chat may send on average before the bot stops answering it (0: no limit). */
  chatRateLimit: number;
  /** Node: Linux scheduling priority of the processing thread (0 = same as the HTTP thread). */
  workerNice: number;
  processingThreads: number;
}

/**
 * The path part of `publicUrl`: "" for the deployment's own organisation (`PUBLIC_URL` is an origin),
 * `/o/<org>` for an organisation of the platform. Pages that link to themselves (the console) build
 * their links under it.
 */
export function publicPath(config: Pick<Config, "publicUrl">): string {
  return new URL(config.publicUrl).pathname.replace(/\/+$/, "");
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

/** Parse raw environment variables once. Throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(raw: Record<string, string | undefined>): Config {
  // An empty variable means "unset", as in most shells' `VAR= npm start`.
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    const value = cleaned[variable];
    const shown = value === undefined || /SECRET|TOKEN/.test(variable) ? "" : ` (got "${value}")`;
    throw new ConfigError(variable, `${issue?.message ?? "is invalid"}${shown}`);
  }
  const env = result.data;
  return {
    port: env.PORT,
    databasePath: env.DATABASE_PATH,
    simulator: env.LINE_CHANNEL_SECRET === undefined,
    line: {
      channelSecret: env.LINE_CHANNEL_SECRET,
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
      apiBaseUrl: env.LINE_API_BASE_URL,
      dataApiBaseUrl: env.LINE_DATA_API_BASE_URL,
    },
    adminToken: env.ADMIN_TOKEN,
    platform:
      env.PLATFORM_TOKEN !== undefined && env.PLATFORM_SECRET_KEY !== undefined
        ? { token: env.PLATFORM_TOKEN, secretKey: env.PLATFORM_SECRET_KEY }
        : undefined,
    orgName: env.ORG_NAME,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    timeZone: env.TZ_NAME,
    logLevel: env.LOG_LEVEL,
    chatRateLimit: env.CHAT_RATE_LIMIT,
    workerNice: env.PRONGSAI_WORKER_NICE,
    processingThreads: env.PRONGSAI_PROCESSING_THREADS,
  };
}
