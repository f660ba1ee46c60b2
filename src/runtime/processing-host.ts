/**
 * Hosting the organisations' processors in a Node thread: the processing thread under `npm start`,
 * or the one thread of `processing: "inline"` (tests). Every organisation's processor runs here —
 * kicks, the periodic pass and the minute's schedule — never on an HTTP thread that also serves
 * other requests (unless that is all there is, inline).
 */
import type { Logger } from "../deps";
import type { Processor } from "../jobs/processor";
import { runScheduledMinute } from "../jobs/scheduled.job";
import type { Tenant } from "../platform/tenants";
import { type createTracker, startTicker } from "./node-deps";
import { everyMinute, type Schedule } from "./reminder-schedule";

/** The organisations a host serves (a TenantRegistry, whatever it builds besides the processor). */
export interface HostedOrganizations<T> {
  get(orgId: string): Promise<Tenant<T> | null>;
  all(): Promise<Tenant<T>[]>;
}

export interface ProcessingHostSetup<T> {
  organizations: HostedOrganizations<T>;
  processorOf(built: T): Processor;
  log: Logger;
  tracker: ReturnType<typeof createTracker>;
  /** Where a kick or a delivery runs (default: the tracker); a test drops it to play a crash after the 200. */
  defer?: (work: () => Promise<unknown>) => void;
  clock: { now(): number };
  /** How often due retries are swept (ms); 0 turns the periodic pass and the schedule off (tests). */
  tickMs: number;
  timeZone: string;
  /** This host takes back what a crash interrupted and runs the schedule (one host per database). */
  primary: boolean;
}

export interface ProcessingHost {
  /** New events for the organisation: handled after the caller returns (tracked). */
  kick(orgId: string): void;
  /** Deliver what a commit queued for these recipients (tracked). */
  deliver(orgId: string, recipients: string[]): void;
  /** Wait until the work started so far (kicks, deliveries, a periodic pass) has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * After a run the host sleeps until the processor's next due time (an outbox retry at 1 s, 2 s, 4 s…,
 * an event's retry), as a Durable Object's alarm does on Workers — but never less than this, so an
 * event that waits behind another of its chat cannot spin the thread.
 */
export const MIN_WAKE_MS = 1000;

export async function startProcessingHost<T>(setup: ProcessingHostSetup<T>): Promise<ProcessingHost> {
  const { organizations, processorOf, log, tracker, clock } = setup;
  const defer = setup.defer ?? tracker.defer;
  const wakes = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  let stopped = false;

  // Kicks under load resolve together (they join one run): one look at the next due time for them all.
  const checking = new Set<string>();

  /** Sleep until the organisation's next due work (replacing a later wake-up). */
  async function wakeWhenDue(orgId: string, processor: Processor) {
    if (checking.has(orgId)) return;
    checking.add(orgId);
    let due: number | null;
    try {
      due = await processor.nextDueAt();
    } finally {
      checking.delete(orgId);
    }
    if (due === null || stopped) return;
    const at = Math.max(due, clock.now() + MIN_WAKE_MS);
    const current = wakes.get(orgId);
    if (current && current.at <= at) return;
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => {
      wakes.delete(orgId);
      tracker.defer(async () => {
        await processor.tick();
        await wakeWhenDue(orgId, processor);
      });
    }, at - clock.now());
    wakes.set(orgId, { at, timer });
  }

  const withProcessor = (orgId: string, work: (processor: Processor) => Promise<unknown>) =>
    defer(async () => {
      const org = await organizations.get(orgId);
      if (!org) {
        log.warn("work for an unknown organisation dropped", { orgId });
        return;
      }
      const processor = processorOf(org.built);
      await work(processor);
      await wakeWhenDue(orgId, processor);
    });
  // Every organisation registered now: what a crash interrupted is taken back before anything new.
  if (setup.primary) {
    for (const org of await organizations.all()) {
      const processor = processorOf(org.built);
      await processor.recover();
      await wakeWhenDue(org.id, processor);
    }
  }
  const ticker = startTicker(async () => {
    for (const org of await organizations.all()) await processorOf(org.built).tick();
  }, setup.tickMs);
  const schedule: Schedule | undefined =
    setup.primary && setup.tickMs > 0
      ? everyMinute(setup.timeZone, log, async () => {
          for (const org of await organizations.all()) {
            const processor = processorOf(org.built);
            await runScheduledMinute(org.deps, org.deps.clock.now(), processor.delivery.deliver);
          }
        })
      : undefined;
  const idle = () => tracker.idle(ticker.current);
  return {
    kick: (orgId) => withProcessor(orgId, (processor) => processor.kick()),
    deliver: (orgId, recipients) =>
      withProcessor(orgId, (processor) => processor.delivery.deliver(recipients)),
    idle,
    async stop() {
      stopped = true;
      for (const wake of wakes.values()) clearTimeout(wake.timer);
      wakes.clear();
      ticker.stop();
      schedule?.stop();
      await Promise.race([idle(), new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
