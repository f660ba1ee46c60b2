import type { LogFields, Logger } from "../deps";
import { redactPersonalData } from "../domain/redact";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/**
 * One JSON object per line through `console` (Workers Logs and `wrangler tail` collect it), with the
 * same shape and the same personal-data guard as the Node logger.
 */
export function createWorkerLogger(minLevel: keyof typeof LEVELS = "info"): Logger {
  const write = (level: keyof typeof LEVELS, message: string, fields?: LogFields) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const line = redactPersonalData(
      JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }),
    );
    if (LEVELS[level] >= LEVELS.warn) console.error(line);
    else console.log(line);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
