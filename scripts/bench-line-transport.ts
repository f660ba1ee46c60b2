/**
 * CPU per LINE reply call on Node: the gateway over Web `fetch` against the gateway over the Node
 * transport (`undici.request`), and the SDK client it replaced, against a trivial HTTP server in its own
 * process (so its CPU is not counted). Each round sends CALLS replies with at most 16 in flight (the
 * answering baseline's limit, issue 17) over keep-alive connections, after a warm-up, and reads this
 * process's CPU time (all threads: GC helpers included) with `process.cpuUsage()`.
 *
 *   node --import tsx scripts/bench-line-transport.ts        (CALLS=20000 ROUNDS=3 by default)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { messagingApi } from "@line/bot-sdk";
import { createLineGateway, type LineGateway } from "../src/line/gateway";
import { createNodeLineTransport } from "../src/runtime/node-line-transport";

const CALLS = Number(process.env.CALLS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const IN_FLIGHT = 16;

const SERVER = `
const http = require("node:http");
const answer = '{"sentMessages":[{"id":"1","quoteToken":"q"}]}';
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "x-line-request-id": "r", "content-length": answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

async function startServer(): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout?.once("data", (d) => resolve(String(d).trim())),
  );
  return { origin: `http://127.0.0.1:${port}`, child };
}

type Reply = (i: number) => Promise<unknown>;

const messages: messagingApi.Message[] = [
  { type: "text", text: "สวัสดีครับ นี่คือเมนูของคุณ", quickReply: { items: [] } },
];

async function run(reply: Reply, calls: number): Promise<{ cpuUs: number; wallMs: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < calls) await reply(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallMs: performance.now() - started };
}

const server = await startServer();
const options = { channelAccessToken: "token", apiBaseUrl: server.origin, dataApiBaseUrl: server.origin };
const node = createNodeLineTransport();
const gateways: Record<string, LineGateway> = {
  "gateway + fetch": createLineGateway(options),
  "gateway + node transport": createLineGateway({ ...options, transport: node }),
};
const sdk = new messagingApi.MessagingApiClient({ channelAccessToken: "token", baseURL: server.origin });
const contenders: Record<string, Reply> = {
  "SDK client + fetch (before)": (i) => sdk.replyMessage({ replyToken: `t${i}`, messages }),
  ...Object.fromEntries(
    Object.entries(gateways).map(([name, line]) => [name, (i: number) => line.reply(`t${i}`, messages)]),
  ),
};

const results = new Map<string, number[]>(Object.keys(contenders).map((name) => [name, []]));
for (const reply of Object.values(contenders)) await run(reply, 3000); // warm-up
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, reply] of Object.entries(contenders)) {
    const { cpuUs, wallMs } = await run(reply, CALLS);
    results.get(name)?.push(cpuUs / CALLS);
    console.log(
      `round ${round}  ${name.padEnd(28)} ${(cpuUs / CALLS).toFixed(1).padStart(6)} µs CPU/call  ${Math.round((CALLS / wallMs) * 1000)} calls/s`,
    );
  }
}
console.log(
  `\nmedian of ${ROUNDS} rounds, ${CALLS} replies each, ${IN_FLIGHT} in flight (Node ${process.version}):`,
);
for (const [name, values] of results) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(`  ${name.padEnd(28)} ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} µs CPU per reply`);
}
await node.close();
server.child.kill();
