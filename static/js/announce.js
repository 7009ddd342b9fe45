// What the screens say to screen readers through their polite live region.

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

/**
 * Announce new ideas at most every few seconds: one by its text, several by their number.
 * `keys` name the two messages (the console's queue says "waiting for approval").
 */
export function ideaAnnouncer(announce, t,
  keys = { one: "new_idea_announcement", many: "new_ideas_count" }) {
  let texts = [];
  let timer = null;
  const flush = () => {
    // Never replace a confirmation ("Dot added…") the person is hearing; say the news later.
    if (announce.busy()) { timer = setTimeout(flush, 1500); return; }
    announce(texts.length === 1 ? t(keys.one, { text: texts[0] })
      : t(keys.many, { n: texts.length }));
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

/**
 * Say what an action did both on the page, in a status line beside its controls, and to
 * screen readers through the polite live region (the line itself is not a live region, so
 * it is heard once). `error` styles the line as a refusal.
 */
export function reporter(announce) {
  return (box, text, { error = false } = {}) => {
    box.textContent = text;
    box.hidden = false;
    box.classList.toggle("is-error", error);
    announce(text);
  };
}
