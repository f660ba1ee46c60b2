/**
 * Acknowledgements before answers, on a thread that does both. In local workerd one thread runs the
 * webhook, the organisation's Durable Object and D1, and a batch being handled held up every
 * acknowledgement queued behind it (ack p99 ~280 ms at ~700 acknowledgements a second under the
 * bench's load). The processor gives the thread back between events (`turn`); while webhooks are
 * being accepted, its turn lasts until `acksPerTurn` more of them are done, or none is left in
 * flight, or `maxPolls` macrotasks went by. Under a burst, acknowledging goes ahead of answering by
 * that ratio and the answers catch up after it, as on Node, where the processing thread runs at a
 * lower priority; with no webhook coming in, a turn costs one macrotask.
 *
 * Measured with `NO_PROFILE=1 tsx scripts/profile-worker.ts` (the bench's load on the Worker alone,
 * two runs each): before, 8,000–8,300 acknowledged in 10 s, p99 219–224 ms, 1.14–1.19 ms of workerd
 * per event; with 8 acknowledgements per turn of 1 event, 31,000–31,500, p99 65–86 ms, 0.78–0.82
 * ms (the backlog is handled in full batches after the burst, answered within 16 s of its end).
 *
 * The turn looks at the counts once per macrotask instead of being settled by the acceptance that
 * fills the quota: settled that way, the processor went on inside that acceptance's turn, ahead of
 * the webhooks queued behind it (p99 124–144 ms against 88–90 polling, 16 per turn of 3 events).
 * The two sides share only counters, no promise: each goes on in its own request's context.
 */
export interface AckPriority {
  /** One webhook's acceptance, counted while it runs. */
  accepting<T>(work: () => Promise<T>): Promise<T>;
  /** The processor's turn, given back: settles when acknowledging has had its share. */
  turn(): Promise<void>;
}

const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createAckPriority({
  acksPerTurn,
  maxPolls,
}: {
  acksPerTurn: number;
  maxPolls: number;
}): AckPriority {
  let inFlight = 0;
  let done = 0;

  return {
    async accepting(work) {
      inFlight++;
      try {
        return await work();
      } finally {
        inFlight--;
        done++;
      }
    },
    async turn() {
      const until = done + acksPerTurn;
      for (let poll = 0; poll < maxPolls; poll++) {
        await nextMacrotask();
        if (inFlight === 0 || done >= until) return;
      }
    },
  };
}
