/** The LINE platform double in its own process for the benchmark (so it does not share the bot's CPU). */
import { serve } from "@hono/node-server";
import { createLineDouble } from "../src/line-double/line-double";
import { loadMessagingApiSpec } from "../src/line-double/openapi-validator";

const double = createLineDouble({
  channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN ?? "",
  spec: await loadMessagingApiSpec(),
  maxRecords: 1000,
  maxMessagesPerUser: 20,
});
serve({ fetch: double.app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, () =>
  console.log("double ready"),
);
