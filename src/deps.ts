import type { Config } from "./config";
import type { AppDb } from "./db/client";
import type { LineGateway } from "./line/gateway";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface Ids {
  uuid(): string;
}

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface StoredBlob {
  bytes: Uint8Array;
  contentType: string;
}

/** Photos and other binary evidence: a folder on Node, R2 on Workers. */
export interface BlobStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredBlob | null>;
  /** Remove a blob; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Everything the core needs from its runtime: the one seam between the app and Node or Workers. */
export interface AppDeps {
  config: Config;
  db: AppDb;
  orgId: string;
  /** The Messaging API calls the product makes, over the runtime's transport (line/gateway.ts). */
  line: LineGateway;
  clock: Clock;
  ids: Ids;
  blobs: BlobStore;
  log: Logger;
  /** Run work after the HTTP response (a tracked promise on Node, `ctx.waitUntil` on Workers). */
  defer(work: () => Promise<unknown>): void;
}

export const systemClock: Clock = { now: () => Date.now() };
export const webIds: Ids = { uuid: () => crypto.randomUUID() };
