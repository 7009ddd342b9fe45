// The live connection every screen shares: join and resync by seq, and a queue of actions
// that survives going offline and is re-sent, with the same client ids, until answered.
import { io } from "../vendor/socket.io.esm.min.js";
import { sequencer } from "./sequence.js";

const SEQ_EVENTS = ["idea:added", "idea:updated", "phase", "state", "timer", "tally",
  "cluster:added", "cluster:updated", "cluster:removed"];
const TRANSIENT = new Set(["unavailable", "rate_limited"]);
const ACK_TIMEOUT = 15000;

export function newClientId() {
  const c = window.crypto;
  if (c && c.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(bytes);
  else bytes.forEach((_, i) => { bytes[i] = Math.floor(Math.random() * 256); });
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const store = {
  get(key, fallback) {
    try { const v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); }
    catch { return fallback; }
  },
  set(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* full or private mode */ }
  },
};

/** Connect, join the workshop's room and keep the view in step with the server. */
export function startLive({ auth, workshopId, seq, queueKey, onSnapshot, onEvent, onResult, onStatus }) {
  // WebSocket first, so several server processes behind one address need no sticky
  // sessions; long-polling only where a network lets no WebSocket through.
  const options = { transports: ["websocket", "polling"], tryAllTransports: true };
  const socket = io(auth ? { ...options, auth } : options);
  const order = sequencer({ apply: (name, msg) => onEvent(name, msg), resync: () => join() });
  order.reset(seq);
  let joined = false;
  let joining = false;
  let held = [];
  let generation = 0;
  let retryDelay = 2000;
  let queue = queueKey ? store.get(queueKey, []) : [];
  let inflight = null;

  const save = () => { if (queueKey) store.set(queueKey, queue); };

  function join() {
    if (joining || !socket.connected) return;
    joining = true;
    joined = false;
    const gen = generation;
    socket.timeout(ACK_TIMEOUT).emit("join", { workshop_id: workshopId }, (err, res) => {
      if (gen !== generation) return;
      joining = false;
      if (err || !res || !res.ok) {
        if (res && res.error) onStatus("error", res.error.message);
        setTimeout(join, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
        return;
      }
      retryDelay = 2000;
      order.reset(res.seq);
      joined = true;
      onSnapshot(res.state);
      const early = held.sort((a, b) => a[1].seq - b[1].seq);
      held = [];
      early.forEach(([name, msg]) => receive(name, msg));
      pump();
    });
  }

  function receive(name, msg) {
    if (!msg || typeof msg.seq !== "number" || (msg.workshop_id && msg.workshop_id !== workshopId)) return;
    if (!joined) {
      // Events that overtake the join answer: keep them, the snapshot decides which still apply.
      if (held.length < 1000) held.push([name, msg]);
      return;
    }
    order.receive(name, msg);
  }

  function pump() {
    if (inflight || !joined || !socket.connected || !queue.length) return;
    const item = queue[0];
    const gen = generation;
    inflight = item;
    socket.timeout(ACK_TIMEOUT).emit(item.event, item.payload, (err, res) => {
      if (gen !== generation || inflight !== item) return;
      inflight = null;
      if (err || !res || (!res.ok && TRANSIENT.has(res.error && res.error.code))) {
        setTimeout(pump, 3000);  // same client_id next time: the server counts it once
        return;
      }
      queue = queue.filter((other) => other !== item);
      save();
      if (onResult) onResult(item, res);
      pump();
    });
  }

  SEQ_EVENTS.forEach((name) => socket.on(name, (msg) => receive(name, msg)));
  // A burst of events comes to phones as one `batch`, in seq order: take them one by one.
  socket.on("batch", (msg) => {
    if (!msg || !Array.isArray(msg.events) || (msg.workshop_id && msg.workshop_id !== workshopId)) return;
    msg.events.forEach(([name, payload]) => { if (SEQ_EVENTS.includes(name)) receive(name, payload); });
  });
  socket.on("connect", () => {
    generation += 1;
    joining = false;
    inflight = null;
    onStatus("online");
    join();
  });
  socket.on("disconnect", () => {
    generation += 1;
    joined = false;
    joining = false;
    inflight = null;
    onStatus("offline");
  });
  socket.on("connect_error", () => {
    onStatus("offline");
    // A refused handshake is not retried by the client itself.
    if (!socket.active) setTimeout(() => socket.connect(), 5000);
  });
  // Back from sleep or back on the network: connect now. While the client waits out its
  // back-off (up to several seconds) connect() alone does nothing, so start it over.
  const reconnectNow = () => {
    if (socket.connected) return;
    socket.disconnect();
    socket.connect();
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (socket.connected) join(); else reconnectNow();
  });
  window.addEventListener("online", reconnectNow);

  return {
    connected: () => socket.connected,
    pending: () => queue.slice(),
    resync: join,
    /** Queue an idea or a dot; it is re-sent with the same client_id until answered. */
    send(event, payload) {
      const item = { event, payload: { ...payload, client_id: newClientId() } };
      queue.push(item);
      save();
      pump();
      return item;
    },
    /** A one-off staff action: answered, or {ok: false, offline: true}. */
    request(event, payload) {
      return new Promise((resolve) => {
        if (!socket.connected) { resolve({ ok: false, offline: true }); return; }
        socket.timeout(ACK_TIMEOUT).emit(event, payload, (err, res) => {
          resolve(err || !res ? { ok: false, offline: true } : res);
        });
      });
    },
  };
}
