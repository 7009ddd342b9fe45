// The live connection every screen shares: join and resync by seq, a queue of actions
// that survives going offline, the countdown, keyed list updates and a polite announcer.
import { io } from "../vendor/socket.io.esm.min.js";
import { clock } from "./i18n.js";
import { sequencer } from "./sequence.js";

const SEQ_EVENTS = ["idea:added", "idea:updated", "phase", "state", "timer", "tally"];
const TRANSIENT = new Set(["unavailable", "rate_limited"]);
const ACK_TIMEOUT = 15000;

export const byId = (id) => document.getElementById(id);

export function pageData() {
  return JSON.parse(byId("page-data").textContent);
}

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

/** Say something through the page's polite live region. */
export function announcer(region) {
  let timer = null;
  let saidAt = 0;
  const announce = (text) => {
    clearTimeout(timer);
    region.textContent = "";
    // A short pause makes screen readers notice a message equal to the previous one.
    timer = setTimeout(() => { timer = null; saidAt = Date.now(); region.textContent = text; }, 150);
  };
  /** Whether something is being said right now: news that can wait should not talk over it. */
  announce.busy = () => timer !== null || Date.now() - saidAt < 1500;
  return announce;
}

/** Announce new ideas at most every few seconds: one by its text, several by their number. */
export function ideaAnnouncer(announce, t) {
  let texts = [];
  let timer = null;
  const flush = () => {
    // Never replace a confirmation ("Dot added…") the person is hearing; say the news later.
    if (announce.busy()) { timer = setTimeout(flush, 1500); return; }
    announce(texts.length === 1 ? t("new_idea_announcement", { text: texts[0] })
      : t("new_ideas_count", { n: texts.length }));
    texts = [];
    timer = null;
  };
  return (text) => {
    texts.push(text);
    if (!timer) timer = setTimeout(flush, 3000);
  };
}

/** Show the "no connection" banner only when the connection stays down for a while. */
export function connectionBanner(banner, t, announce) {
  let timer = null;
  return (status, message) => {
    if (status === "online") {
      clearTimeout(timer);
      timer = null;
      if (!banner.hidden) { banner.hidden = true; announce(t("reconnected")); }
    } else if (status === "offline" && !timer && banner.hidden) {
      timer = setTimeout(() => {
        banner.textContent = t("offline");
        banner.hidden = false;
        announce(t("offline"));
      }, 4000);
    } else if (status === "error" && message) {
      announce(message);
    }
  };
}

/** A countdown to the server's timer_ends_at, corrected for this device's clock. */
export function countdown({ box, value, t, announce, onChange = () => {} }) {
  let endsAt = null;
  let offset = 0;
  let last = null;
  let interval = null;

  const remaining = () => (endsAt - (Date.now() + offset)) / 1000;

  function tick() {
    const left = remaining();
    value.textContent = clock(left);
    box.classList.toggle("last-minute", left <= 60);
    if (last !== null && last > 60 && left <= 60 && left > 0) announce(t("timer_last_minute"));
    if (last !== null && last > 0 && left <= 0) announce(t("timer_over"));
    last = left;
    if (left <= 0) { clearInterval(interval); interval = null; }
  }

  return {
    remaining,
    set(timerEndsAt, serverTime) {
      if (serverTime) offset = Date.parse(serverTime) - Date.now();
      const next = timerEndsAt ? Date.parse(timerEndsAt) : null;
      if (next === endsAt) return;
      endsAt = next;
      last = null;
      clearInterval(interval);
      interval = null;
      box.hidden = endsAt === null;
      onChange(endsAt !== null);
      if (endsAt === null) { box.classList.remove("last-minute"); return; }
      tick();
      if (remaining() > 0) interval = setInterval(tick, 1000);
    },
  };
}

/**
 * Make a list show `items` in order, reusing each item's element (data-key) so a focused
 * button is never replaced; only new elements are inserted and gone ones removed.
 */
export function syncList(list, items, keyOf, create, update) {
  const wanted = new Set(items.map((item) => String(keyOf(item))));
  const existing = new Map();
  Array.from(list.children).forEach((node) => {
    if (wanted.has(node.dataset.key)) existing.set(node.dataset.key, node);
    else node.remove();
  });
  items.forEach((item, index) => {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (!node) {
      node = create(item);
      node.dataset.key = key;
    }
    update(node, item);
    const here = list.children[index];
    if (here !== node) list.insertBefore(node, here || null);
  });
}

/** A fresh copy of the <template id=...>'s first element. */
export function fromTemplate(id) {
  return byId(id).content.firstElementChild.cloneNode(true);
}

export function setDisabled(button, disabled) {
  if (disabled) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

/** Insert or replace an idea (by id) in a list; returns true when it was new. */
export function upsert(ideas, idea) {
  const index = ideas.findIndex((other) => other.id === idea.id);
  if (index < 0) { ideas.push(idea); return true; }
  ideas[index] = { ...ideas[index], ...idea };
  return false;
}

export function groupNames(strings, idea) {
  return (idea.target_groups || []).map((g) => strings.target_groups[g] || g).join(", ");
}
