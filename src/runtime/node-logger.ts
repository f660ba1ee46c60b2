import type { LogFields, Logger } from "../deps";
import { redactPersonalData } from "../domain/redact";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;
type Level = LogLevel;

/** One JSON object per line on stdout/stderr. Callers pass ids and counts, never personal data. */
export function createJsonLogger(minLevel: Level = "info"): Logger {
  const write = (level: Level, message: string, fields?: LogFields) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const line = redactPersonalData(
      JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }),
    );
    if (LEVELS[level] >= LEVELS.warn) process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
