/**
 * One write per socket per event-loop turn, for client sessions and backend connections alike.
 * Whoever queues output calls `scheduleFlush`; one setImmediate per turn then flushes everything
 * queued, in the order it was queued. setImmediate (the check phase) runs after the poll phase has
 * delivered every readable socket, so all reads of a turn come first and each socket is written
 * once with everything the turn produced (libs/server/src/client.ts explains the choice).
 *
 * Invariant: an object is on the list at most once per turn (it keeps its own `flushQueued` flag,
 * set here and cleared by its `flush`).
 */

export interface Flushable {
  flushQueued: boolean;
  flush(): void;
}

const pending: Flushable[] = [];
let turnScheduled = false;

function flushTurn(): void {
  try {
    // A flush may queue more (a client flush resumes reading, which forwards to a backend): those
    // are flushed in this same pass, since the loop reads the length each time.
    for (let i = 0; i < pending.length; i++) pending[i].flush();
  } finally {
    // Should a flush ever throw, the next turn must still be scheduled for everyone else.
    for (let i = 0; i < pending.length; i++) pending[i].flushQueued = false;
    pending.length = 0;
    turnScheduled = false;
  }
}

export function scheduleFlush(target: Flushable): void {
  if (target.flushQueued) return;
  target.flushQueued = true;
  pending.push(target);
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(flushTurn);
  }
}
