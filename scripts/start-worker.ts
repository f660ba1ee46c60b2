/**
 * `npm run start:worker`: the Cloudflare Worker served locally by workerd on PORT, with local D1, R2
 * and Durable Objects under the state folder (`workerStateDir`: WORKER_STATE_DIR, else beside
 * DATABASE_PATH, else data/worker/), migrations applied, the same environment variables as
 * `npm start`, and the Cron Trigger every minute. Needs LINE credentials: the simulator is Node-only.
 * The Cron Trigger can also be fired by hand: `curl` the `scheduled` address it logs at start
 * (Miniflare's entry, on a port of its own: the Worker's port serves only the Worker).
 *
 * SIGTERM (and SIGINT) to this process stop it gracefully: the Cron Trigger stops, events being
 * handled and messages being sent finish (up to 15 s), then workerd stops. (A signal to the whole
 * process group — Ctrl-C in a terminal — also reaches workerd, which then only finishes its open
 * HTTP requests; an alarm run it cuts short is taken back at the next start.)
 */
import { ConfigError } from "../src/config";
import { MixedOrganisationsError } from "../src/runtime/one-organisation";
import { WorkerStartError } from "../src/runtime/worker-config";
import { type LocalWorker, startLocalWorker, workerStateDir } from "../src/runtime/worker-local";

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_METRICS ??= "false";

const DRAIN_MS = 15_000;

const log = (level: string, message: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));

async function main() {
  let worker: LocalWorker;
  const stateDir = workerStateDir(process.env);
  try {
    worker = await startLocalWorker({ env: process.env, stateDir });
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof WorkerStartError ||
      error instanceof MixedOrganisationsError
    ) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  log("info", "prongsai worker started", {
    url: worker.url,
    webhook: "/webhook",
    scheduled: worker.scheduledUrl,
    stateDir,
    migrationsApplied: worker.migrated,
  });

  // Miniflare's own signal handlers kill workerd at once (SIGKILL), which makes every normal stop a
  // crash; ours let the work in progress finish first. Its exit hook still stops workerd on exit.
  process.removeAllListeners("SIGTERM");
  process.removeAllListeners("SIGINT");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "stopping", { signal });
    try {
      const drained = await worker.drain(DRAIN_MS);
      if (!drained) log("warn", "work still in progress after the drain; it resumes at the next start");
    } catch (error) {
      // workerd got the signal too (Ctrl-C reaches the whole process group) and is already gone:
      // what it was doing resumes at the next start, from its alarm.
      log("warn", "workerd stopped before the drain", { error: String(error) });
    }
    await worker.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

void main();
