// The phone's "similar ideas" hint: while someone types an idea, and once they pause, show
// up to three ideas already on the wall that say much the same, so they may give their dot
// to one of them when voting comes, or send theirs anyway.
//
// The markup is templates/participant/_similar_hint.html, below the send button: the hint
// appears under it and never moves the button from under the finger. The server answers
// `idea:similar {text}` with `{ok, ideas: [{id, number, text}]}`, and refuses (forbidden) a
// phone that may not see others' ideas, which is never asked: `allowed` says so first.
import { byId, pageData } from "./dom.js";
import { translator } from "./i18n.js";

const PAUSE_MS = 700;       // after the last keystroke
const MIN_CHARACTERS = 12;  // facilitation.similarity.HINT_MIN_CHARACTERS

/**
 * Watch the idea box and show the hint. `live` is the page's connection (live.js);
 * `allowed()` says whether this phone may see others' ideas now (phase and setting).
 */
export function similarHint(live, allowed) {
  const box = byId("similar-hint");
  const textarea = byId("idea-text");
  if (!box || !textarea) return;
  const list = byId("similar-hint-list");
  const region = byId("similar-hint-announcer");
  const t = translator(pageData().strings);
  let timer = null;
  let asked = "";
  let asking = 0;
  let shown = "";

  function clear() {
    box.hidden = true;
    list.replaceChildren();
    shown = "";
  }

  function show(ideas) {
    const key = ideas.map((idea) => idea.id).join(",");
    if (!ideas.length) { clear(); return; }
    if (key === shown) return;
    list.replaceChildren(...ideas.map((idea) => {
      const item = document.createElement("li");
      const number = document.createElement("span");
      number.className = "similar-hint-number";
      number.textContent = idea.number ? t("similar_number", { id: idea.number }) : "";
      const text = document.createElement("span");
      text.className = "similar-hint-text";
      text.textContent = idea.text;
      item.append(number, " ", text);
      return item;
    }));
    box.hidden = false;
    shown = key;
    // Once per new set, never per keystroke: the list itself is there to be read.
    region.textContent = "";
    setTimeout(() => { region.textContent = t("similar_announcement", { n: ideas.length }); }, 150);
  }

  async function ask() {
    timer = null;
    const text = textarea.value.trim();
    if (text.length < MIN_CHARACTERS || !allowed()) { asked = ""; clear(); return; }
    if (text === asked) return;
    asked = text;
    const mine = ++asking;
    const res = await live.request("idea:similar", { text });
    // Typing went on, or the phase moved, while the answer was on its way: it is stale.
    if (mine !== asking || textarea.value.trim() !== text || !allowed()) return;
    if (res.ok) show(res.ideas || []);
    else if (!res.offline && res.error && res.error.code !== "rate_limited") clear();
  }

  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    if (textarea.value.trim().length < MIN_CHARACTERS) { asked = ""; asking += 1; clear(); return; }
    timer = setTimeout(ask, PAUSE_MS);
  });
  // The idea was sent (or the form emptied): its hint is done with.
  const form = textarea.form;
  const done = () => { clearTimeout(timer); asked = ""; asking += 1; clear(); };
  if (form) {
    form.addEventListener("submit", done);
    form.addEventListener("reset", done);
  }
}
