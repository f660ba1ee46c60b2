import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { messagingApi } from "@line/bot-sdk";
import { createLineDouble, type LineDouble, type LineDoubleOptions } from "../../src/line-double/line-double";
import { loadMessagingApiSpec } from "../../src/line-double/openapi-validator";

export const CHANNEL_ACCESS_TOKEN = "test-channel-access-token";

export interface RunningDouble {
  double: LineDouble;
  baseURL: string;
  client: messagingApi.MessagingApiClient;
  blobClient: messagingApi.MessagingApiBlobClient;
  close(): Promise<void>;
}

/** Serves a LINE double on a free port and returns SDK clients pointed at it. */
export async function startDouble(options: Partial<LineDoubleOptions> = {}): Promise<RunningDouble> {
  const spec = options.spec ?? (await loadMessagingApiSpec());
  const double = createLineDouble({ channelAccessToken: CHANNEL_ACCESS_TOKEN, ...options, spec });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve({ fetch: double.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
        resolve({ server, port: info.port }),
      );
    },
  );
  const baseURL = `http://127.0.0.1:${port}`;
  return {
    double,
    baseURL,
    client: new messagingApi.MessagingApiClient({ channelAccessToken: CHANNEL_ACCESS_TOKEN, baseURL }),
    blobClient: new messagingApi.MessagingApiBlobClient({
      channelAccessToken: CHANNEL_ACCESS_TOKEN,
      baseURL,
    }),
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
