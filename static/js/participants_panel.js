// Who has joined: a sparkline of joins per minute (with its words beside it), the count
// against the expected head count, and removing participants (one, those who joined after a
// time, those who did nothing). Removal resyncs every screen; this console resyncs too.
import { byId, fromTemplate } from "./dom.js";

const MINUTES_IN_WORDS = 10;

export function participantsPanel({ live, t, announce, workshopId, state }) {
  const panel = byId("participants-panel");
  if (!panel) return;
  const steers = panel.dataset.steers === "true";
  let joins = state.joins || { counts: [], start: null, bucket_seconds: 60 };
  let joined = state.participants || 0;
  let expected = state.workshop.settings.expected_participants;
  let counted = joined;

  function drawCount() {
    byId("joined-count").textContent = expected
      ? t("joined_of_expected", { n: joined, expected })
      : t("joined_count", { n: joined });
  }

  function drawSparkline() {
    // The minute before the first join had none: the line rises from nothing.
    const counts = [0, ...joins.counts];
    const top = Math.max(1, ...counts);
    const step = counts.length > 1 ? 200 / (counts.length - 1) : 200;
    const points = counts.map((n, i) => `${(i * step).toFixed(1)},${(38 - (n / top) * 36).toFixed(1)}`);
    byId("joins-sparkline").querySelector("polyline").setAttribute("points", points.join(" "));
    const recent = joins.counts.slice(-MINUTES_IN_WORDS).reduce((a, b) => a + b, 0);
    byId("joins-text").textContent = joins.counts.length
      ? t("joins_in_words", { n: recent, minutes: MINUTES_IN_WORDS, busiest: top })
      : t("no_joins_yet");
  }

  /** A tally says how many have joined: new ones go into the current minute's count. */
  function noteJoined(now) {
    if (now > counted) {
      const minute = Math.floor(Date.now() / 60000) * 60000;
      const start = joins.start ? Date.parse(joins.start) : minute;
      const index = Math.max(0, Math.round((minute - start) / 60000));
      const counts = joins.counts.slice();
      while (counts.length <= index) counts.push(0);
      counts[index] += now - counted;
      joins = { ...joins, start: joins.start || new Date(start).toISOString(), counts: counts.slice(-90) };
    }
    counted = now;
    joined = now;
    drawCount();
    drawSparkline();
  }

  live.listen((name, msg) => {
    if (name === "snapshot" || name === "state" || name === "phase") {
      if (msg.joins) joins = msg.joins;
      if (msg.workshop) expected = msg.workshop.settings.expected_participants;
      if (typeof msg.participants === "number") { joined = msg.participants; counted = joined; }
      drawCount();
      drawSparkline();
    } else if (name === "tally" && typeof msg.participants === "number") {
      noteJoined(msg.participants);
    }
  });

  drawCount();
  drawSparkline();
  if (!steers) return;

  const failed = (res) => announce(res.offline ? t("not_connected") : res.error.message);

  byId("expected-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = byId("expected-people").value.trim();
    const res = await live.request("workshop:update", {
      workshop_id: workshopId, expected_participants: value ? Number(value) : null });
    if (!res.ok) { failed(res); return; }
    expected = res.workshop.settings.expected_participants;
    drawCount();
    announce(t("expected_saved"));
  });

  async function remove(payload, question) {
    if (!window.confirm(question)) return;
    const res = await live.request("participants:remove", { workshop_id: workshopId, ...payload });
    if (!res.ok) { failed(res); return; }
    announce(t("participants_removed", { n: res.removed }));
    live.resync();
    if (byId("people-list").children.length) loadPeople();
  }

  byId("remove-inactive").addEventListener("click", () => remove({ inactive: true }, t("confirm_remove_inactive")));

  byId("remove-after-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const [hours, minutes] = byId("remove-after").value.split(":").map(Number);
    const after = new Date();
    after.setHours(hours, minutes, 0, 0);
    remove({ joined_after: after.toISOString() }, t("confirm_remove_after", { time: byId("remove-after").value }));
  });

  function describe(person) {
    const time = new Date(person.joined_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const facts = [t("joined_at", { time }), t("ideas_count", { n: person.ideas }), t("dots_count", { n: person.dots })];
    if (person.on_paper) facts.unshift(t("paper_ballot_by", { name: person.added_by || "?" }));
    return facts.join(" · ");
  }

  async function loadPeople() {
    const res = await live.request("participants:list", { workshop_id: workshopId });
    if (!res.ok) { failed(res); return; }
    const list = byId("people-list");
    list.replaceChildren(...res.participants.map((person) => {
      const node = fromTemplate("tpl-person");
      node.dataset.key = String(person.id);
      const name = person.display_name || t("participant_number", { id: person.id });
      node.querySelector(".person-name").textContent = name;
      node.querySelector(".person-facts").textContent = describe(person);
      const button = node.querySelector("[data-act=remove-person]");
      button.setAttribute("aria-label", t("remove_person", { name }));
      button.addEventListener("click", () => remove({ participant_ids: [person.id] }, t("confirm_remove_one", { name })));
      return node;
    }));
    announce(t("people_listed", { n: res.participants.length }));
  }

  byId("people-load").addEventListener("click", loadPeople);
}
