/**
 * The part of workerd's `cloudflare:workers` module this code uses. The full declarations live in
 * @cloudflare/workers-types as an ambient module, which is not loaded here: its globals would clash
 * with the DOM and Node types the rest of the code is checked against.
 */
declare module "cloudflare:workers" {
  import type { DurableObjectState } from "@cloudflare/workers-types";

  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
    alarm?(): void | Promise<void>;
  }
}
