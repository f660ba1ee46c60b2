/**
 * `npm run start:worker`: the Cloudflare Worker served locally by workerd on PORT, with local D1 and
 * R2 under data/worker/ (WORKER_STATE_DIR to move them), migrations applied, the same environment
 * variables as `npm start`, and the Cron Trigger every minute. Needs LINE credentials: the
 * simulator is Node-only. The Cron Trigger can also be fired by hand:
 * `curl "http://127.0.0.1:$PORT/cdn-cgi/handler/scheduled?cron=*+*+*+*+*"`.
 */
import { ConfigError } from "../src/config";
import { WorkerStartError } from "../src/runtime/worker-config";
import { DEFAULT_WORKER_STATE, type LocalWorker, startLocalWorker } from "../src/runtime/worker-local";

process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_SEND_METRICS ??= "false";

async function main() {
  let worker: LocalWorker;
  try {
    worker = await startLocalWorker({
      env: process.env,
      stateDir: process.env.WORKER_STATE_DIR || DEFAULT_WORKER_STATE,
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof WorkerStartError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  console.log(
    JSON.stringify({
      time: new Date().toISOString(),
      level: "info",
      message: "prongsai worker started",
      url: worker.url,
      webhook: "/webhook",
      migrationsApplied: worker.migrated,
    }),
  );
  // On SIGINT/SIGTERM Miniflare stops workerd and ends the process itself.
}

void main();
