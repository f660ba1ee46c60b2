import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type BotFeatures, createBot } from "./bot/bot";
import type { AppDeps } from "./deps";
import { coreFeatures } from "./features/common.feature";
import { accessExportLink } from "./http/admin/privacy.admin";
import { reportsAdmin } from "./http/admin/reports.admin";
import { adminRoute } from "./http/admin.route";
import { adminConsoleRoute } from "./http/admin-console.route";
import { limitPerAddress, type PeerAddress } from "./http/client-address";
import { healthRoute } from "./http/health.route";
import { metricsRoute } from "./http/metrics.route";
import { SIGNED_PHOTOS_PATH, signedPhotosRoute } from "./http/photo-links";
import { platformRoute, tenantRoutes } from "./http/platform.route";
import { requireSignedLink, SIGNED_REPORTS_PREFIX } from "./http/report-links";
import { type SimulatorBackend, simulatorRoute } from "./http/simulator.route";
import { transparencyRoute } from "./http/transparency.route";
import { webhookRoute } from "./http/webhook.route";
import { createPipeline, INBOX, type Pipeline, type PipelineOptions } from "./jobs/inbox.job";
import { createSignatureVerifier, type SignatureVerifier } from "./line/signature";
import { createTenantRegistry, type TenantRegistry, type TenantRuntime } from "./platform/tenants";

/** No request body anywhere is larger (a photo upload in the simulator or the console is the largest). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface AppOptions {
  features?: BotFeatures;
  /** The runtime's view of a request's peer address (for per-address limits). */
  peerAddress?: PeerAddress;
  /** Processing limits of the runtime (Workers: a time budget per run). */
  pipeline?: Partial<PipelineOptions>;
  /** Simulator mode only: the web chat at `/simulator`. */
  simulator?: SimulatorBackend;
  /**
   * Many organisations (with `PLATFORM_TOKEN`): how the runtime opens an organisation's own deps. With
   * it, the platform API, `POST /webhook/:org` and `/o/:org/*` are served (see src/platform/tenants.ts).
   */
  tenants?: TenantRuntime;
  /**
   * How webhook signatures are checked on this runtime (default: Web Crypto, which every runtime has;
   * Node injects `node:crypto`, an order of magnitude cheaper per request there).
   */
  signatures?: (channelSecret: string) => Promise<SignatureVerifier>;
}

export interface App {
  app: Hono;
  pipeline: Pipeline;
  /** The organisations of the platform registry, when this app serves them. */
  tenants?: TenantRegistry;
}

/** The one Hono app, on any runtime: everything it needs comes in through `deps`. */
export function createApp(deps: AppDeps, options: AppOptions = {}): App {
  const secret = deps.config.line.channelSecret;
  if (!secret) throw new Error("createApp needs a channel secret (simulator mode generates one)");
  let verifier: Promise<SignatureVerifier> | undefined;
  const getVerifier = () => {
    verifier ??= (options.signatures ?? createSignatureVerifier)(secret);
    return verifier;
  };

  const pipeline = createPipeline(deps, createBot(options.features ?? coreFeatures()), {
    ...INBOX,
    ...options.pipeline,
  });
  // Each organisation's app is this function over its own deps: the same features and limits.
  const tenants =
    options.tenants && deps.config.platform
      ? createTenantRegistry(deps, options.tenants, (tenantDeps) =>
          createApp(tenantDeps, {
            features: options.features,
            peerAddress: options.peerAddress,
            pipeline: options.pipeline,
            signatures: options.signatures,
          }),
        )
      : undefined;
  const app = new Hono();
  app.route("/webhook", webhookRoute(deps, { verifier: getVerifier, process: pipeline.kick }));
  // Before the body limit below: an organisation's app bounds its own bodies (webhook 1 MB, admin 3 MB).
  if (tenants) app.route("/", tenantRoutes(tenants));
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
  app.route(
    "/api/admin",
    adminRoute(deps, { deliver: (recipients) => pipeline.delivery.deliver(recipients) }),
  );
  app.route(
    "/admin",
    adminConsoleRoute(deps, {
      deliver: (r) => pipeline.delivery.deliver(r),
      clientAddress: options.peerAddress,
    }),
  );
  app.route("/transparency", transparencyRoute(deps));
  app.route("/api/platform", platformRoute(deps, tenants));
  if (options.simulator) app.route("/simulator", simulatorRoute(options.simulator));
  app.get("/", (c) => c.redirect(options.simulator ? "/simulator" : "/healthz"));
  app.notFound((c) => c.json({ message: "not found" }, 404));
  app.onError((error, c) => {
    deps.log.error("request failed", { path: c.req.path, error: error.message });
    return c.json({ message: "internal error" }, 500);
  });
  return { app, pipeline, tenants };
}
