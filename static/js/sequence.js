// Workshop events in seq order. With several server processes, two events committed a few
// milliseconds apart can arrive in either order (each process publishes its own through
// Redis). An event that comes early is held until the ones before it arrive; only a gap
// that stays open for `wait` ms makes the screen resync (the `join` answer is a fresh
// snapshot). A tally carries the seq of the last event it reflects: it is shown once that
// event has been applied, and a newer tally replaces one still waiting.
export const GAP_WAIT_MS = 1000;
const MAX_HELD = 1000;

export function sequencer({ apply, resync, wait = GAP_WAIT_MS }) {
  let last = 0;
  let ahead = new Map();
  let tally = null;
  let timer = null;

  const stop = () => { clearTimeout(timer); timer = null; };
  const arm = () => {
    if (timer === null) {
      timer = setTimeout(() => { timer = null; if (ahead.size || tally) resync(); }, wait);
    }
  };

  function drain() {
    while (ahead.has(last + 1)) {
      last += 1;
      const [name, msg] = ahead.get(last);
      ahead.delete(last);
      apply(name, msg);
    }
    if (tally && tally.seq <= last) {
      if (tally.seq === last) apply("tally", tally);
      tally = null;
    }
    if (!ahead.size && !tally) stop();
  }

  return {
    /** Start again from a snapshot taken at `seq` (the `join` answer). */
    reset(seq) {
      last = seq;
      ahead = new Map();
      tally = null;
      stop();
    },
    get seq() { return last; },
    receive(name, msg) {
      if (name === "tally") {
        if (msg.seq === last) apply(name, msg);
        else if (msg.seq > last) { tally = msg; arm(); }
        return;
      }
      if (msg.seq <= last || ahead.has(msg.seq)) return;
      if (msg.seq === last + 1) {
        last = msg.seq;
        apply(name, msg);
        drain();
        return;
      }
      if (ahead.size >= MAX_HELD) { resync(); return; }
      ahead.set(msg.seq, [name, msg]);
      arm();
    },
  };
}
