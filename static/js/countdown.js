// The workshop's timer on every screen, counting down to the server's timer_ends_at.
import { clock } from "./i18n.js";

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
