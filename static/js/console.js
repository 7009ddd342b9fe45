// The facilitator's console: phases, timer, paper ideas and ballots, and the ideas under their
// clusters to hide, edit, merge and move. Clusters, the moderation queue and the ranking each
// have a module of their own; this one holds the state they share and draws the screen.
import { announcer, connectionBanner, ideaAnnouncer, reporter } from "./announce.js";
import { clusterSuggestions } from "./cluster_suggestions.js";
import { clustersPanel } from "./clusters_panel.js";
import { countdown } from "./countdown.js";
import {
  byId, clearFieldError, fillSelect, fromTemplate, pageData, rememberFocus, setDisabled, showFieldError,
} from "./dom.js";
import { CAST, RETRACT, onIdea, refusal, withPending } from "./dots.js";
import { clock, translator } from "./i18n.js";
import { ideaCards } from "./idea_cards.js";
import { clearSelection, drawIdeaGroups, selectedIdeaIds } from "./idea_groups.js";
import { ideaMoves } from "./idea_moves.js";
import { applyClusterEvent, grouped, upsert } from "./ideas.js";
import { startLive } from "./live.js";
import { moderationQueue } from "./moderation.js";
import { phaseButtons } from "./phase_buttons.js";
import { rankingPanel } from "./ranking_panel.js";
import { PHASE, PHASE_ORDER } from "./phases.js";

const data = pageData();
const strings = data.strings;
const phaseNames = data.phase_names;
const t = translator(strings);
const announce = announcer(byId("announcer"));
const report = reporter(announce);
const announceIdea = ideaAnnouncer(announce, t);
const announcePending = ideaAnnouncer(announce, t,
  { one: "pending_idea_announcement", many: "pending_ideas_count" });
const workshopId = data.workshop_id;
const list = byId("idea-list");
let state = data.state;
let ballots = state.ballots || [];

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
    } else if (name.startsWith("cluster:")) {
      state.clusters = applyClusterEvent(state.clusters, name, msg);
    } else if (msg.idea) {
      if (upsert(state.ideas, msg.idea) && name === "idea:added") {
        (msg.idea.pending ? announcePending : announceIdea)(msg.idea.text);
      }
    }
    render();
  },
  onResult,
});

function replace(snapshot) {
  const before = state.workshop.phase;
  state = { clusters: [], ...snapshot };
  timer.set(state.workshop.timer_ends_at, state.server_time);
  const phase = state.workshop.phase;
  if (phase !== before) announce(t("phase_changed", { phase: phaseNames[phase] }));
  render();
}

const findIdea = (id) => state.ideas.find((idea) => idea.id === id);
const selectedBallot = () => ballots.find((b) => String(b.id) === byId("ballot-select").value);
const failed = (res) => announce(res.offline ? t("not_connected") : res.error.message);
/** An idea as the room knows it: by its number in the workshop ("#3"), never its database id. */
const label = (idea) => (idea && idea.number ? t("idea_number", { number: idea.number }) : "");
const labels = (ideas) => ideas.map(label).filter(Boolean).join(", ");

// What the console's panels share: the connection, the words, the state and a redraw.
const screen = {
  live, t, announce, report, workshopId, strings, findIdea, label, labels, render,
  state: () => state,
  suggestionsUrl: data.suggestions_url,
};
const phases = phaseButtons(screen, phaseNames);
const moderation = moderationQueue(screen);
const ranking = rankingPanel(screen);
const moves = ideaMoves(screen);
const cards = ideaCards(screen);
clustersPanel(screen);
clusterSuggestions(screen);

// -- queued actions: paper ideas and paper-ballot dots ---------------------------------------

function onResult(item, res) {
  if (!res.ok) {
    if (item.event === "idea:post") {
      byId("paper-text").value ||= item.payload.text;
      report(byId("paper-status"), res.error.message, { error: true });
    } else {
      failed(res);
    }
    live.resync();
    return;
  }
  if (item.event === "idea:post") {
    upsert(state.ideas, res.idea);
    report(byId("paper-status"), t("paper_idea_added", { number: label(res.idea), text: res.idea.text }));
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

/** An idea's card, with the paper ballot's dot buttons while voting. */
function fillIdea(node, idea, ballot) {
  cards.fill(node, idea);
  const controls = node.querySelector(".ballot-controls");
  controls.hidden = !ballot || state.workshop.phase !== PHASE.VOTING || idea.hidden;
  if (!controls.hidden) {
    const n = onIdea(ballot.dots, idea.id);
    node.querySelector(".ballot-dots").textContent = t("ballot_dots_on_idea", { n });
    setDisabled(node.querySelector("[data-act=ballot-cast]"),
      ballot.dots.left < 1 || n >= state.workshop.settings.max_dots_per_idea);
    setDisabled(node.querySelector("[data-act=ballot-retract]"), n < 1);
  }
}

/** The ideas on the wall: not those waiting for approval, nor those merged into another. */
const wallIdeas = () => state.ideas.filter((idea) => !idea.merged_into_id && !idea.pending);

function renderSelection() {
  const count = selectedIdeaIds(list).length;
  byId("selection-count").textContent = t("selected_count", { n: count });
  byId("clear-selection").hidden = count < 1;
}

function render() {
  const ws = state.workshop;
  const focus = rememberFocus();  // the redraw may move the focused idea to another heading
  byId("phase-name").textContent = phaseNames[ws.phase] || ws.phase;
  byId("workshop-title").textContent = ws.title;
  byId("prompt").textContent = ws.prompt;
  phases.render();
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

  const ideas = wallIdeas();
  const groups = grouped(ideas, state.clusters);
  // With clusters, "Other" stays, empty or not: dropping an idea there takes it out of them.
  if (groups[groups.length - 1].cluster) groups.push({ cluster: null, ideas: [] });
  drawIdeaGroups(list, groups, {
    t,
    // From voting on, each heading counts its cluster's dots too.
    withDots: PHASE_ORDER.indexOf(ws.phase) >= PHASE_ORDER.indexOf(PHASE.VOTING),
    editable: moves.allowed(),
    createIdea: () => fromTemplate("tpl-console-idea"),
    fillIdea: (node, idea) => fillIdea(node, idea, ballot),
  });
  byId("no-ideas").hidden = ideas.length > 0;
  byId("idea-count").textContent = ideas.length ? `(${ideas.length})` : "";
  fillSelect(byId("merge-target"), ideas.map((idea) => [String(idea.id),
    t("merge_option", { number: label(idea), text: idea.text.length > 70 ? `${idea.text.slice(0, 69)}…` : idea.text })]));
  renderSelection();
  moves.render();
  moderation.render();
  ranking.render();
  // Last, so that what the panels drew is shown or hidden with its phase too.
  document.querySelectorAll("[data-phases]").forEach((el) => {
    el.hidden = !el.dataset.phases.split(" ").includes(ws.phase);
  });
  focus.restore();
}

// -- controls -------------------------------------------------------------------------------

async function setTimer(seconds) {
  const res = await live.request("timer:set", { workshop_id: workshopId, seconds });
  if (!res.ok) { failed(res); return; }
  announce(seconds ? t("timer_set", { time: clock(seconds) }) : t("timer_cleared"));
}

byId("timer-buttons").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-seconds]");
  if (button) setTimer(Number(button.dataset.seconds));
});

/** Minutes as people write them, "2,5" or "2.5"; null unless from half a minute to three hours. */
function minutesFrom(text) {
  const trimmed = text.trim().replace(",", ".");
  const minutes = /^\d+(\.\d+)?$|^\.\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  return minutes >= 0.5 && minutes <= 180 ? minutes : null;
}

byId("timer-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = byId("timer-minutes");
  const minutes = minutesFrom(input.value);
  if (minutes === null) {
    showFieldError(input, byId("timer-minutes-error"), t("timer_invalid"));
    announce(t("timer_invalid"));
    input.focus();
    return;
  }
  clearFieldError(input, byId("timer-minutes-error"));
  setTimer(Math.round(minutes * 60));
});

byId("paper-idea-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const text = byId("paper-text").value.trim();
  if (!text) return;
  const groups = Array.from(form.querySelectorAll("input[name=target_groups]:checked"), (box) => box.value);
  live.send("idea:post", { workshop_id: workshopId, text, target_groups: groups });
  if (!live.connected()) report(byId("paper-status"), t("paper_idea_waiting", { text }));
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

// A merge asks first, then says what it did on the page and marks the idea kept "merged from".
byId("merge-button").addEventListener("click", async () => {
  const status = byId("ideas-status");
  const target = findIdea(Number(byId("merge-target").value));
  if (!target) {
    report(status, t("merge_need_target"), { error: true });
    byId("merge-target").focus();
    return;
  }
  const sources = selectedIdeaIds(list).filter((id) => id !== target.id).map(findIdea);
  if (!sources.length) { report(status, t("merge_need_sources"), { error: true }); return; }
  const names = { sources: labels(sources), target: label(target) };
  if (!window.confirm(t("confirm_merge", names))) return;
  const res = await live.request("idea:merge", { target_id: target.id, source_ids: sources.map((s) => s.id) });
  if (!res.ok) { report(status, res.offline ? t("not_connected") : res.error.message, { error: true }); return; }
  upsert(state.ideas, res.idea);
  sources.forEach((source) => upsert(state.ideas, { ...source, merged_into_id: target.id }));
  clearSelection(list);
  byId("merge-target").value = "";
  render();
  report(status, t("merged", { ...names, moved: res.moved, returned: res.returned }));
});

byId("clear-selection").addEventListener("click", () => {
  clearSelection(list);
  renderSelection();
  byId("ideas-title").focus();
});

list.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-act^=ballot-]");
  if (button) ballotVote(Number(button.closest("li").dataset.key), button.dataset.act === "ballot-cast");
});

list.addEventListener("change", (event) => {
  if (event.target.classList.contains("select-box")) {
    event.target.closest("li").classList.toggle("is-selected", event.target.checked);
    renderSelection();
  }
});

state.clusters ||= [];
timer.set(state.workshop.timer_ends_at, state.server_time);
render();
