import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { publicPath } from "./config";
import type { AppDeps } from "./deps";
import { accessExportLink } from "./http/admin/privacy.admin";
import { reportsAdmin } from "./http/admin/reports.admin";
import { adminRoute } from "./http/admin.route";
import { adminConsoleRoute } from "./http/admin-console.route";
import { limitPerAddress, type PeerAddress } from "./http/client-address";
import { healthRoute } from "./http/health.route";
import { metricsRoute } from "./http/metrics.route";
import { SIGNED_PHOTOS_PATH, signedPhotosRoute } from "./http/photo-links";
import { requireSignedLink, SIGNED_REPORTS_PREFIX } from "./http/report-links";
import { type SimulatorBackend, simulatorRoute } from "./http/simulator.route";
import { transparencyRoute } from "./http/transparency.route";
import { webhookRoute } from "./http/webhook.route";
import { createSignatureVerifier, type SignatureVerifier } from "./line/signature";
import type { WebhookEvent } from "./line/webhook.schema";

/** No request body anywhere is larger (a photo upload in the simulator or the console is the largest). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

/**
 * How the app hands work to the organisation's processor (src/jobs/processor.ts), wherever the runtime
 * hosts it: inline (tests), on the processing thread (Node), in the organisation's Durable Object
 * (Workers). A request never handles events itself.
 */
export interface ProcessingPort {
  /**
   * Store a verified webhook's events in the inbox and hand them to the processor. Awaited before
   * LINE gets its 200: it resolves once the events are committed and, where the host can make it so,
   * the hand-off is durable (a Durable Object's alarm), so an acknowledged event never waits for a
   * schedule after a crash. Where the processor runs elsewhere, the events may be stored there: a
   * Durable Object writes the events of concurrent webhooks in one D1 call. Never called with no
   * events: the webhook answers LINE's "Verify" (an empty list) itself.
   */
  accept(events: WebhookEvent[], receivedAt: number): Promise<void>;
  /** A commit queued messages for these recipients (a status change, a broadcast); run after the response. */
  deliver(recipients: string[]): Promise<void>;
}

export interface AppOptions {
  processing: ProcessingPort;
  /** The runtime's view of a request's peer address (for per-address limits). */
  peerAddress?: PeerAddress;
  /** Simulator mode only: the web chat at `/simulator`. */
  simulator?: SimulatorBackend;
  /**
   * How webhook signatures are checked on this runtime (default: Web Crypto, which every runtime has;
   * Node injects `node:crypto`, an order of magnitude cheaper per request there).
   */
  signatures?: (channelSecret: string) => Promise<SignatureVerifier>;
}

/**
 * The one Hono app of one organisation, on any runtime: everything it needs comes in through `deps`.
 * Many organisations are composed by the runtime entry with `createPlatform` (src/platform/platform.ts).
 */
export function createApp(deps: AppDeps, options: AppOptions): Hono {
  const secret = deps.config.line.channelSecret;
  if (!secret) throw new Error("createApp needs a channel secret (simulator mode generates one)");
  let verifier: Promise<SignatureVerifier> | undefined;
  const getVerifier = () => {
    verifier ??= (options.signatures ?? createSignatureVerifier)(secret);
    return verifier;
  };

  const { processing } = options;
  const app = new Hono();
  app.route("/webhook", webhookRoute(deps, { verifier: getVerifier, accept: processing.accept }));
  app.route("/healthz", healthRoute(deps));
  app.route("/metrics", metricsRoute(deps));
  // Every route's body is bounded here; routes with smaller bodies bound them more tightly.
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ message: "request body too large" }, 413),
    }),
  );
  // Public pages and report downloads: at most so many requests a minute per address. Photos in chat
  // are fetched by LINE's servers (a few addresses for every chat), so they get more.
  app.use("/transparency/*", limitPerAddress(60, options.peerAddress, deps.clock.now));
  app.use(`${SIGNED_PHOTOS_PATH}/*`, limitPerAddress(600, options.peerAddress, deps.clock.now));
  app.use(`${SIGNED_REPORTS_PREFIX}/reports/*`, limitPerAddress(20, options.peerAddress, deps.clock.now));
  // Report downloads and photos sent in chat: behind a signed, expiring link.
  app.use(`${SIGNED_REPORTS_PREFIX}/*`, requireSignedLink(deps.config, deps.clock.now));
  app.route(SIGNED_PHOTOS_PATH, signedPhotosRoute(deps));
  app.route(SIGNED_REPORTS_PREFIX, reportsAdmin(deps));
  app.route(SIGNED_REPORTS_PREFIX, accessExportLink(deps));
  app.route("/api/admin", adminRoute(deps, { deliver: processing.deliver }));
  app.route(
    "/admin",
    adminConsoleRoute(deps, {
      deliver: processing.deliver,
      clientAddress: options.peerAddress,
    }),
  );
  app.route("/transparency", transparencyRoute(deps));
  if (options.simulator) app.route("/simulator", simulatorRoute(options.simulator));
  // Under the organisation's public path (`/o/<org>` on the platform), not the default organisation's.
  app.get("/", (c) => c.redirect(options.simulator ? "/simulator" : `${publicPath(deps.config)}/healthz`));
  app.notFound((c) => c.json({ message: "not found" }, 404));
  app.onError((error, c) => {
    deps.log.error("request failed", { path: c.req.path, error: error.message });
    return c.json({ message: "internal error" }, 500);
  });
  return app;
}
