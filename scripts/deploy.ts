/**
 * `npm run deploy`: apply the migrations to every D1 database named in wrangler.toml (the default
 * organisation's `DB` and each organisation's `ORG_…`), then deploy the Worker. Needs Node ≥ 22 and
 * the operator's Cloudflare account (wrangler login or CLOUDFLARE_API_TOKEN); not run in CI.
 * `--dry-run` prints the commands instead.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { WRANGLER_TOML } from "../src/runtime/worker-local";

const WRANGLER = ["--yes", "wrangler@4"];

/** The `database_name` of every `[[d1_databases]]` table in wrangler.toml, in order. */
export function d1DatabaseNames(toml: string): string[] {
  return toml
    .split(/^\[\[d1_databases\]\]\s*$/m)
    .slice(1)
    .map((block) => /^database_name\s*=\s*"([^"]+)"/m.exec(block.split(/^\[/m)[0] ?? "")?.[1])
    .filter((name): name is string => name !== undefined);
}

function main() {
  const dryRun = process.argv.includes("--dry-run");
  const names = d1DatabaseNames(readFileSync(WRANGLER_TOML, "utf8"));
  if (names.length === 0) throw new Error(`${WRANGLER_TOML} names no D1 database`);
  const commands = [
    ...names.map((name) => [...WRANGLER, "d1", "migrations", "apply", name, "--remote"]),
    [...WRANGLER, "deploy"],
  ];
  for (const args of commands) {
    console.log(`npx ${args.join(" ")}`);
    if (!dryRun) execFileSync("npx", args, { stdio: "inherit" });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
