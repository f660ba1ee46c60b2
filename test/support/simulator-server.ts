/**
 * `npm start` in simulator mode (no LINE credentials), from the sources, on its own port and database:
 * what the browser tests drive, as a newcomer would run it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A port for one test file's server (the browser tests run one file at a time). */
export function pickPort(): number {
  return 21_000 + Math.floor(Math.random() * 8000);
}

export async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became healthy`);
}

export interface SimulatorServer {
  origin: string;
  /** What the server has printed so far. */
  stdout(): string;
  stop(): void;
}

export async function startSimulatorServer(options: {
  port: number;
  adminToken: string;
  orgName?: string;
  env?: Record<string, string>;
}): Promise<SimulatorServer> {
  const dir = mkdtempSync(join(tmpdir(), "prongsai-e2e-"));
  let printed = "";
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/runtime/node.ts"], {
    env: {
      ...process.env,
      PORT: String(options.port),
      DATABASE_PATH: join(dir, "prongsai.sqlite"),
      ADMIN_TOKEN: options.adminToken,
      ORG_NAME: options.orgName ?? "เทศบาลตำบลทดลอง",
      LOG_LEVEL: "error",
      LINE_CHANNEL_SECRET: "",
      LINE_CHANNEL_ACCESS_TOKEN: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  server.stdout?.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  const origin = `http://localhost:${options.port}`;
  await waitHealthy(`${origin}/healthz`);
  return { origin, stdout: () => printed, stop: () => void server.kill("SIGTERM") };
}
