// The facilitator's console: phases, timer, moderation, merging, paper ideas and ballots.
import { announcer, connectionBanner, ideaAnnouncer } from "./announce.js";
import { countdown } from "./countdown.js";
import { byId, fromTemplate, pageData, setDisabled, syncList } from "./dom.js";
import { CAST, RETRACT, onIdea, refusal, withPending } from "./dots.js";
import { clock, translator } from "./i18n.js";
import { groupNames, upsert } from "./ideas.js";
import { startLive } from "./live.js";
import { PHASE, PHASE_ORDER } from "./phases.js";

const data = pageData();
const strings = data.strings;
const phaseNames = data.phase_names;
const t = translator(strings);
const announce = announcer(byId("announcer"));
const announceIdea = ideaAnnouncer(announce, t);
const workshopId = data.workshop_id;
const list = byId("idea-list");
let state = data.state;
let ballots = state.ballots || [];
let drawnPhase = null;

const timer = countdown({
  box: byId("timer-value"),
  value: byId("timer-value"),
  t,
  announce,
  onChange(running) { byId("timer-state").textContent = running ? t("timer_label") : t("no_timer"); },
});

const live = startLive({
  auth: null,
  workshopId,
  seq: data.seq,
  queueKey: `koosloome:pending:console:${workshopId}`,
  onStatus: connectionBanner(byId("connection"), t, announce),
  onSnapshot(snapshot) {
    if (snapshot.ballots) ballots = snapshot.ballots;
    replace(snapshot);
  },
  onEvent(name, msg) {
    if (name === "phase" || name === "state") {
      replace(msg);
      return;
    }
    if (name === "timer") {
      timer.set(msg.timer_ends_at, msg.server_time);
    } else if (name === "tally") {
      state.participants = msg.participants;
      state.voters = msg.voters;
      state.dots_cast = msg.dots_cast;
      if (msg.votes) state.ideas.forEach((idea) => { idea.votes = msg.votes[String(idea.id)] || 0; });
    } else if (msg.idea) {
      if (upsert(state.ideas, msg.idea) && name === "idea:added") announceIdea(msg.idea.text);
    }
    render();
  },
  onResult,
});

function replace(snapshot) {
  const before = state.workshop.phase;
  state = snapshot;
  timer.set(state.workshop.timer_ends_at, state.server_time);
  const phase = state.workshop.phase;
  if (phase !== before) announce(t("phase_changed", { phase: phaseNames[phase] }));
  render();
}

const findIdea = (id) => state.ideas.find((idea) => idea.id === id);
const selectedBallot = () => ballots.find((b) => String(b.id) === byId("ballot-select").value);
const failed = (res) => announce(res.offline ? t("not_connected") : res.error.message);

// -- queued actions: paper ideas and paper-ballot dots ---------------------------------------

function onResult(item, res) {
  if (!res.ok) {
    if (item.event === "idea:post") byId("paper-text").value ||= item.payload.text;
    failed(res);
    live.resync();
    return;
  }
  if (item.event === "idea:post") {
    upsert(state.ideas, res.idea);
    announce(t("paper_idea_added"));
  } else {
    const ballot = ballots.find((b) => b.id === item.payload.participant_id);
    if (ballot) {
      ballot.votes_left = res.votes_left;
      ballot.my_votes[String(res.idea_id)] = res.my_votes;
    }
  }
  render();
}

/** A ballot's dots as confirmed by the server plus those still being sent. */
function ballotDots(ballot) {
  return withPending({ votes: ballot.my_votes, left: ballot.votes_left }, live.pending(),
    (payload) => payload.participant_id === ballot.id);
}

// What a refused ballot dot says: the ballot's own words where the phone's would mislead.
const BALLOT_REFUSAL = { no_dots_left: "ballot_no_dots" };

function ballotVote(ideaId, cast) {
  const ballot = selectedBallot();
  if (!ballot || state.workshop.phase !== PHASE.VOTING) return;
  const max = state.workshop.settings.max_dots_per_idea;
  const why = refusal(ballotDots(ballot), ideaId, cast, max);
  if (why) { announce(t(BALLOT_REFUSAL[why] || why, { n: max })); return; }
  live.send(cast ? CAST : RETRACT, { idea_id: ideaId, participant_id: ballot.id });
  const left = ballotDots(ballot).left;
  announce(t(cast ? "ballot_dot_added" : "ballot_dot_removed", { name: ballot.display_name, n: left }));
  render();
}

// -- drawing --------------------------------------------------------------------------------

function renderPhaseButtons() {
  const phase = state.workshop.phase;
  if (phase === drawnPhase) return;
  drawnPhase = phase;
  const box = byId("phase-buttons");
  const hadFocus = box.contains(document.activeElement);
  const next = state.next_phases || [];
  box.replaceChildren(...PHASE_ORDER.filter((p) => next.includes(p)).map((p) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `button ${p === PHASE.CLOSED ? "danger" : "primary"}`;
    button.dataset.phase = p;
    button.textContent = t("move_to", { phase: phaseNames[p] });
    return button;
  }));
  if (hadFocus) (box.querySelector("button") || byId("phase-title")).focus();
}

function fillIdea(node, idea, ballot) {
  const id = idea.id;
  const textId = `idea-text-${id}`;
  const text = node.querySelector(".idea-text");
  text.id = textId;
  text.textContent = idea.text;
  node.classList.toggle("is-hidden", idea.hidden);
  node.querySelector(".idea-number").textContent = t("idea_number", { id });
  const details = node.querySelector(".idea-details");
  details.textContent = idea.details || "";
  details.hidden = !idea.details;
  const tags = node.querySelector(".tags");
  tags.textContent = groupNames(strings, idea);
  tags.hidden = !tags.textContent;
  node.querySelector(".badge-hidden").hidden = !idea.hidden;
  node.querySelector(".badge-paper").hidden = !idea.on_behalf;
  node.querySelector(".vote-count").textContent = idea.votes || 0;
  node.querySelector(".votes-label").textContent = t("votes_label", { n: idea.votes || 0 });
  node.querySelector(".select-box").setAttribute("aria-describedby", textId);
  node.querySelectorAll("button[data-act]").forEach((b) => b.setAttribute("aria-describedby", textId));
  node.querySelector("[data-act=hide]").textContent = idea.hidden ? t("show") : t("hide");
  const form = node.querySelector(".idea-edit");
  form.id = `edit-${id}`;
  node.querySelector("[data-act=edit]").setAttribute("aria-controls", form.id);
  node.querySelector(".edit-text").id = `edit-text-${id}`;
  node.querySelector(".edit-text-label").htmlFor = `edit-text-${id}`;
  node.querySelector(".edit-details").id = `edit-details-${id}`;
  node.querySelector(".edit-details-label").htmlFor = `edit-details-${id}`;

  const controls = node.querySelector(".ballot-controls");
  controls.hidden = !ballot || state.workshop.phase !== PHASE.VOTING || idea.hidden;
  if (!controls.hidden) {
    const n = onIdea(ballot.dots, id);
    node.querySelector(".ballot-dots").textContent = t("ballot_dots_on_idea", { n });
    setDisabled(node.querySelector("[data-act=ballot-cast]"),
      ballot.dots.left < 1 || n >= state.workshop.settings.max_dots_per_idea);
    setDisabled(node.querySelector("[data-act=ballot-retract]"), n < 1);
  }
}

function fillSelect(select, options) {
  const value = select.value;
  const first = select.options[0];
  const next = options.map(([optionValue, label]) => new Option(label, optionValue));
  const same = next.length === select.options.length - 1
    && next.every((o, i) => o.value === select.options[i + 1].value && o.text === select.options[i + 1].text);
  if (same) return;
  select.replaceChildren(first, ...next);
  select.value = options.some(([v]) => String(v) === value) ? value : "";
}

function render() {
  const ws = state.workshop;
  byId("phase-name").textContent = phaseNames[ws.phase] || ws.phase;
  byId("workshop-title").textContent = ws.title;
  byId("prompt").textContent = ws.prompt;
  renderPhaseButtons();
  document.querySelectorAll("[data-phases]").forEach((el) => {
    el.hidden = !el.dataset.phases.split(" ").includes(ws.phase);
  });
  byId("count-participants").textContent = state.participants;
  byId("count-voters").textContent = state.voters;
  byId("count-dots").textContent = state.dots_cast;

  fillSelect(byId("ballot-select"), ballots.map((b) => [String(b.id),
    t("ballot_option", { name: b.display_name, n: ballotDots(b).left })]));
  const chosen = selectedBallot();
  const ballot = chosen && { ...chosen, dots: ballotDots(chosen) };
  const status = byId("ballot-status");
  status.hidden = !ballot;
  if (ballot) status.textContent = t("ballot_status", { name: ballot.display_name, n: ballot.dots.left });

  const ideas = state.ideas.filter((idea) => !idea.merged_into_id);
  syncList(list, ideas, (idea) => idea.id, () => fromTemplate("tpl-console-idea"),
    (node, idea) => fillIdea(node, idea, ballot));
  byId("no-ideas").hidden = ideas.length > 0;
  byId("idea-count").textContent = ideas.length ? `(${ideas.length})` : "";
  fillSelect(byId("merge-target"), ideas.map((idea) => [String(idea.id),
    t("merge_option", { id: idea.id, text: idea.text.length > 70 ? `${idea.text.slice(0, 69)}…` : idea.text })]));
}

// -- controls -------------------------------------------------------------------------------

byId("phase-buttons").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-phase]");
  if (!button) return;
  const phase = button.dataset.phase;
  if (phase === PHASE.CLOSED && !window.confirm(t("confirm_phase", { phase: phaseNames[phase] }))) return;
  const res = await live.request("phase:set", { workshop_id: workshopId, phase });
  if (!res.ok) failed(res);
});

async function setTimer(seconds) {
  const res = await live.request("timer:set", { workshop_id: workshopId, seconds });
  if (!res.ok) { failed(res); return; }
  announce(seconds ? t("timer_set", { time: clock(seconds) }) : t("timer_cleared"));
}

byId("timer-buttons").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-seconds]");
  if (button) setTimer(Number(button.dataset.seconds));
});

byId("timer-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const minutes = Number(byId("timer-minutes").value);
  if (minutes > 0) setTimer(Math.round(minutes * 60));
});

byId("paper-idea-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const text = byId("paper-text").value.trim();
  if (!text) return;
  const groups = Array.from(form.querySelectorAll("input[name=target_groups]:checked"), (box) => box.value);
  live.send("idea:post", { workshop_id: workshopId, text, target_groups: groups });
  form.reset();
  byId("paper-text").focus();
});

byId("ballot-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = byId("ballot-name");
  const res = await live.request("ballot:add", { workshop_id: workshopId, name: input.value.trim() });
  if (!res.ok) { failed(res); return; }
  ballots.push(res.ballot);
  input.value = "";
  render();
  byId("ballot-select").value = String(res.ballot.id);
  render();
  announce(t("ballot_added", { name: res.ballot.display_name }));
});

byId("ballot-select").addEventListener("change", render);

byId("merge-button").addEventListener("click", async () => {
  const target = Number(byId("merge-target").value);
  if (!target) { announce(t("merge_need_target")); byId("merge-target").focus(); return; }
  const sources = Array.from(list.querySelectorAll(".select-box:checked"),
    (box) => Number(box.closest("li").dataset.key)).filter((id) => id !== target);
  if (!sources.length) { announce(t("merge_need_sources")); return; }
  const res = await live.request("idea:merge", { target_id: target, source_ids: sources });
  if (!res.ok) { failed(res); return; }
  upsert(state.ideas, res.idea);
  list.querySelectorAll(".select-box:checked").forEach((box) => {
    box.checked = false;
    box.closest("li").classList.remove("is-selected");
  });
  announce(t("merged", { moved: res.moved, returned: res.returned }));
  render();
});

function openEdit(node, idea) {
  const form = node.querySelector(".idea-edit");
  form.querySelector(".edit-text").value = idea.text;
  form.querySelector(".edit-details").value = idea.details || "";
  form.querySelectorAll(".edit-group").forEach((box) => {
    box.checked = (idea.target_groups || []).includes(box.value);
  });
  form.hidden = false;
  node.querySelector("[data-act=edit]").setAttribute("aria-expanded", "true");
  form.querySelector(".edit-text").focus();
}

function closeEdit(node) {
  node.querySelector(".idea-edit").hidden = true;
  const edit = node.querySelector("[data-act=edit]");
  edit.setAttribute("aria-expanded", "false");
  edit.focus();
}

list.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-act]");
  if (!button) return;
  const node = button.closest("li");
  const id = Number(node.dataset.key);
  const idea = findIdea(id);
  const act = button.dataset.act;
  if (act === "edit") {
    if (node.querySelector(".idea-edit").hidden) openEdit(node, idea); else closeEdit(node);
  } else if (act === "cancel") {
    closeEdit(node);
  } else if (act === "ballot-cast" || act === "ballot-retract") {
    ballotVote(id, act === "ballot-cast");
  } else if (act === "hide") {
    const res = await live.request("idea:hide", { idea_id: id, hidden: !idea.hidden });
    if (!res.ok) { failed(res); return; }
    upsert(state.ideas, res.idea);
    announce(res.idea.hidden ? t("idea_hidden") : t("idea_shown"));
    render();
  }
});

list.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const node = form.closest("li");
  const res = await live.request("idea:edit", {
    idea_id: Number(node.dataset.key),
    text: form.querySelector(".edit-text").value,
    details: form.querySelector(".edit-details").value,
    target_groups: Array.from(form.querySelectorAll(".edit-group:checked"), (box) => box.value),
  });
  if (!res.ok) { failed(res); return; }
  upsert(state.ideas, res.idea);
  render();
  closeEdit(node);
  announce(t("idea_saved"));
});

list.addEventListener("keydown", (event) => {
  const form = event.target.closest(".idea-edit");
  if (event.key === "Escape" && form) closeEdit(form.closest("li"));
});

list.addEventListener("change", (event) => {
  if (event.target.classList.contains("select-box")) {
    event.target.closest("li").classList.toggle("is-selected", event.target.checked);
  }
});

timer.set(state.workshop.timer_ends_at, state.server_time);
render();
