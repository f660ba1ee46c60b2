import { serve } from "@hono/node-server";
import type { LineGatewayOptions } from "../../src/line/gateway";
import { createLineDouble, type LineDouble } from "../../src/line-double/line-double";
import { loadMessagingApiSpec } from "../../src/line-double/openapi-validator";

export const TEST_ACCESS_TOKEN = "test-channel-access-token";

let spec: Promise<object> | undefined;

export interface RunningDouble {
  double: LineDouble;
  origin: string;
  /** Options for `createLineGateway` / `createRichMenuAdmin` that reach this double (Web `fetch`). */
  lineOptions: LineGatewayOptions;
  close(): Promise<void>;
}

/** The LINE platform double on its own port, as LINE would be on its own origin. */
export async function startDouble(): Promise<RunningDouble> {
  spec ??= loadMessagingApiSpec();
  const double = createLineDouble({ channelAccessToken: TEST_ACCESS_TOKEN, spec: await spec });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: double.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    double,
    origin,
    lineOptions: { channelAccessToken: TEST_ACCESS_TOKEN, apiBaseUrl: origin, dataApiBaseUrl: origin },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
