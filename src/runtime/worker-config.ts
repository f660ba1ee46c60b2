import { type Config, parseConfig } from "../config";

/** The organisation of a one-organisation deployment: the same id as on Node (`DEFAULT_ORG_ID`). */
export const WORKER_ORG_ID = "default";

/**
 * The D1 binding of an organisation of the platform registry on a Worker: `ORG_` and its id in
 * capitals, hyphens as underscores (`abt-nongbua` → `ORG_ABT_NONGBUA`).
 */
export const tenantBinding = (orgId: string) => `ORG_${orgId.toUpperCase().replaceAll("-", "_")}`;

/** Why the Worker cannot start, in one line (as ConfigError, but for what only Workers require). */
export class WorkerStartError extends Error {
  override name = "WorkerStartError";
}

export const SIMULATOR_IS_NODE_ONLY =
  "Prongsai on Workers needs LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (simulator mode is Node-only: use npm start)";

/** The string variables among a Worker's env bindings (D1 and R2 bindings are objects). */
export function variablesOf(env: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/**
 * The Worker's configuration: the same variables and the same `parseConfig` as `npm start`. A bad
 * variable throws its ConfigError; no LINE credentials throws a WorkerStartError, since the
 * simulator (the LINE double and the web chat) only runs on Node.
 */
export function workerConfig(env: Record<string, unknown>): Config {
  const config = parseConfig(variablesOf(env));
  if (config.simulator) throw new WorkerStartError(SIMULATOR_IS_NODE_ONLY);
  return config;
}
