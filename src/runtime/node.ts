/**
 * `npm start`: the Node server. Reads the environment once; with no LINE credentials it runs in
 * simulator mode, serving the LINE platform double on PORT+1 and the web chat at /simulator.
 */
import { serve } from "@hono/node-server";
import { type Config, ConfigError, parseConfig } from "../config";
import { createSignatureVerifier } from "../line/signature";
import { createJsonLogger } from "./node-logger";

import { type NodeServerOptions, startNodeServer } from "./node-server";
import { MixedOrganisationsError } from "./one-organisation";

function randomToken(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}

async function simulatorSetup(
  config: Config,
): Promise<{ config: Config; options: Partial<NodeServerOptions> }> {
  // Loaded only in simulator mode: a live deployment never carries the double in memory.
  const [
    { createLineDouble },
    { loadMessagingApiSpec },
    { createSimulatorBackend },
    { botRoleOf, seedDemoMeasures },
    { setupRichMenus },
    { loadRichMenuImages },
    { createRichMenuAdmin },
  ] = await Promise.all([
    import("../line-double/line-double"),
    import("../line-double/openapi-validator"),
    import("../simulator/simulator-backend"),
    import("../simulator/app-data"),
    import("../line/rich-menus"),
    import("./rich-menu-assets"),
    import("../line/gateway"),
  ]);
  const channelSecret = randomToken(16);
  const channelAccessToken = randomToken(32);
  const double = createLineDouble({ channelAccessToken, spec: await loadMessagingApiSpec() });
  const doublePort = config.port + 1;
  await new Promise<void>((resolve) =>
    serve({ fetch: double.app.fetch, port: doublePort, hostname: "127.0.0.1" }, () => resolve()),
  );
  const origin = `http://127.0.0.1:${doublePort}`;
  // The same menus and images `npm run richmenu` puts on a real channel, so the simulator draws them.
  await setupRichMenus(
    createRichMenuAdmin({ channelAccessToken, apiBaseUrl: origin, dataApiBaseUrl: origin }),
    await loadRichMenuImages(),
  );
  const signer = await createSignatureVerifier(channelSecret);
  // The simulator gives its users roles through the admin API, so it holds the same token.
  const adminToken = config.adminToken ?? randomToken(24);
  return {
    config: {
      ...config,
      adminToken,
      line: { channelSecret, channelAccessToken, apiBaseUrl: origin, dataApiBaseUrl: origin },
    },
    options: {
      simulator: (dispatch, deps) =>
        createSimulatorBackend({
          double,
          signer,
          dispatch,
          adminToken,
          now: () => Date.now(),
          roleOf: botRoleOf(deps),
          demoMeasures: (unitId) => seedDemoMeasures(deps, unitId),
        }),
    },
  };
}

async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const setup = config.simulator ? await simulatorSetup(config) : { config, options: {} };
  let server: Awaited<ReturnType<typeof startNodeServer>>;
  try {
    server = await startNodeServer({
      ...setup.options,
      config: setup.config,
      log: createJsonLogger(config.logLevel),
      processing: "worker",
    });
  } catch (error) {
    // A database migrations/0015 refused (rows of two organisations): nothing changed; say so plainly.
    if (error instanceof MixedOrganisationsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  if (config.simulator) {
    console.log(
      [
        "",
        "Prongsai is running in SIMULATOR MODE (no LINE credentials set).",
        `  Chat as a user:   http://localhost:${config.port}/simulator`,
        `  Admin console:    http://localhost:${config.port}/admin`,
        `  Transparency:     http://localhost:${config.port}/transparency`,
        `  LINE API double:  ${setup.config.line.apiBaseUrl}  (controls at /__double/)`,
        `  Admin API token:  ${setup.config.adminToken}${config.adminToken ? " (from ADMIN_TOKEN)" : " (generated for this run)"}`,
        "",
      ].join("\n"),
    );
  } else {
    server.deps.log.info("prongsai started", {
      port: config.port,
      webhook: "/webhook",
      console: "/admin",
      transparency: "/transparency",
    });
  }

  const stop = async (signal: string) => {
    server.deps.log.info("stopping", { signal });
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

void main();
