// The participant's phone: post ideas and spend dots over the live connection.
// The page already works without this script; here the forms go over the socket instead.
import { announcer, connectionBanner, ideaAnnouncer } from "./announce.js";
import { countdown } from "./countdown.js";
import { byId, fromTemplate, pageData, setDisabled, syncList } from "./dom.js";
import { CAST, RETRACT, onIdea, refusal, withPending } from "./dots.js";
import { followFeedback } from "./feedback.js";
import { translator } from "./i18n.js";
import { groupNames, grouped, rankedWithTies, upsert } from "./ideas.js";
import { startLive } from "./live.js";
import { PHASE, isFinished, isGathering } from "./phases.js";
import { similarHint } from "./similar_hint.js";

const data = pageData();
const strings = data.strings;
const t = translator(strings);
const announce = announcer(byId("announcer"));
const announceIdea = ideaAnnouncer(announce, t);
const form = byId("idea-form");
const textarea = byId("idea-text");
const counter = byId("idea-count");
const feedback = byId("idea-feedback");
let state = { clusters: [], ...data.state };
const refused = new Map(); // idea id -> why its last dot could not be given or taken back

try {
  localStorage.setItem(`koosloome:token:${data.workshop_id}`, data.token);
  sessionStorage.removeItem(`koosloome:resume-tried:${data.workshop_id}`);
} catch { /* the cookie still works */ }

const timer = countdown({ box: byId("timer"), value: byId("timer-value"), t, announce });

const live = startLive({
  auth: { token: data.token },
  workshopId: data.workshop_id,
  seq: data.seq,
  queueKey: `koosloome:pending:${data.workshop_id}`,
  onStatus: connectionBanner(byId("connection"), t, announce),
  onSnapshot(snapshot) {
    const before = state.workshop.phase;
    state = { clusters: [], ...snapshot };
    timer.set(state.workshop.timer_ends_at, state.server_time);
    announcePhase(before);
    render();
  },
  onEvent,
  onResult,
});

function announcePhase(before) {
  const phase = state.workshop.phase;
  if (phase !== before) announce(t("phase_changed", { phase: strings.phases[phase] || phase }));
}

function onEvent(name, msg) {
  if (name === "phase" || name === "state") {
    const before = state.workshop.phase;
    // Without `ideas`, the phone already holds the list this phase shows: keep it.
    state = { ...msg, ideas: msg.ideas ?? state.ideas, clusters: msg.clusters ?? state.clusters,
      me: state.me };
    timer.set(state.workshop.timer_ends_at, state.server_time);
    announcePhase(before);
    // Participants were removed: this phone's dots may have come back, so ask for them.
    if (msg.resync) live.resync();
  } else if (name === "timer") {
    state.workshop.timer_ends_at = msg.timer_ends_at;
    timer.set(msg.timer_ends_at, msg.server_time);
    if (msg.timer_ends_at) announce(t("timer_started", { time: byId("timer-value").textContent }));
  } else if (name === "cluster:removed") {
    state.clusters = state.clusters.filter((cluster) => cluster.id !== msg.cluster_id);
  } else if (msg.cluster) {
    upsert(state.clusters, msg.cluster);
    state.clusters.sort((a, b) => a.position - b.position || a.id - b.id);
  } else if (msg.idea) {
    applyIdea(name, msg.idea);
  }
  render();
}

function applyIdea(name, idea) {
  const mine = state.me.my_ideas;
  if (idea.hidden || idea.merged_into_id) {
    state.ideas = state.ideas.filter((other) => other.id !== idea.id);
    if (idea.hidden) state.me.my_ideas = mine.filter((other) => other.id !== idea.id);
    // A merge may have moved or returned this phone's dots, and joined one of its ideas with
    // another: ask for the true numbers and "your idea was joined with …".
    if (idea.merged_into_id) live.resync();
    return;
  }
  const isNew = upsert(state.ideas, idea);
  // This phone's own idea, still waiting for its answer: the answer adds it to "Your ideas";
  // adding it now would show it twice, once as "waiting to be sent".
  const isSending = live.pending().some((item) => item.payload.text === idea.text);
  if (mine.some((other) => other.id === idea.id)) upsert(mine, idea);
  else if (isNew && name === "idea:added" && !isSending) announceIdea(idea.text);
}

function onResult(item, res) {
  if (item.event === "idea:post") {
    if (res.ok) {
      upsert(state.me.my_ideas, res.idea);
      say(res.idea.pending ? t("idea_waiting_for_approval") : t("idea_sent"));
    } else {
      if (!textarea.value) textarea.value = item.payload.text;
      say(res.error.message, true);
    }
  } else if (res.ok) {
    state.me.votes_left = res.votes_left;
    state.me.my_votes[String(res.idea_id)] = res.my_votes;
    refused.delete(res.idea_id);
  } else {
    refused.set(item.payload.idea_id, res.error.message);
    announce(res.error.message);
    live.resync();
  }
  render();
}

function say(text, isError = false) {
  feedback.textContent = text;
  feedback.classList.toggle("is-error", isError);
  feedback.hidden = false;
  announce(text);
}

// -- dots: what the server confirmed plus what is still on its way ----------------------

function myDots() {
  return withPending({ votes: state.me.my_votes, left: state.me.votes_left }, live.pending());
}

function sendingTo(ideaId) {
  return live.pending().some(({ event, payload }) => (event === CAST || event === RETRACT)
    && payload.idea_id === ideaId);
}

// Why a dot cannot be given, in words the person can act on.
const REFUSALS = { no_dots_left: "all_dots_used", max_dots_on_idea: "max_dots_on_idea",
  no_dots_to_take_back: "no_dots_to_take_back" };

function dotClick(event) {
  const button = event.target.closest("button[name=action]");
  if (!button) return;
  event.preventDefault();
  if (state.workshop.phase !== PHASE.VOTING) return;
  const ideaId = Number(button.closest("li").dataset.key);
  const max = state.workshop.settings.max_dots_per_idea;
  const cast = button.value === "cast";
  const why = refusal(myDots(), ideaId, cast, max);
  if (why) {
    const words = t(REFUSALS[why], { n: max });
    refused.set(ideaId, words);
    announce(words);
    render();
    return;
  }
  refused.delete(ideaId);
  live.send(cast ? CAST : RETRACT, { idea_id: ideaId });
  const left = myDots().left;
  if (!live.connected()) announce(t("dot_saved_offline"));
  else announce(t(cast ? "dot_added" : "dot_removed", { n: left }));
  render();
}

// -- drawing ------------------------------------------------------------------------------

function fillTags(node, idea) {
  const tags = node.querySelector(".tags");
  tags.textContent = groupNames(strings, idea);
  tags.hidden = !tags.textContent;
}

function fillPlain(node, idea) {
  node.querySelector(".idea-text").textContent = idea.text;
  fillTags(node, idea);
  node.querySelector(".pending-badge").hidden = !idea.sending;
  node.querySelector(".approval-badge").hidden = !idea.pending;
  const merged = node.querySelector(".merged-note");
  merged.hidden = !idea.merged_into_text;
  merged.textContent = idea.merged_into_text ? t("merged_with", { text: idea.merged_into_text }) : "";
}

function fillVote(node, idea, dots) {
  const max = state.workshop.settings.max_dots_per_idea;
  const n = onIdea(dots, idea.id);
  const text = node.querySelector(".idea-text");
  text.id = `vote-text-${idea.id}`;
  text.textContent = idea.text;
  fillTags(node, idea);
  node.id = `idea-${idea.id}`;
  node.querySelector(".dot-marks").textContent = "●".repeat(Math.min(n, max)) + "○".repeat(Math.max(0, max - n));
  node.querySelector(".my-dots-text").textContent = t("your_dots_on_idea", { n });
  node.querySelector(".sending-badge").hidden = !sendingTo(idea.id);
  node.querySelector("input[name=idea_id]").value = idea.id;
  const [add, remove] = node.querySelectorAll("button[name=action]");
  add.setAttribute("aria-describedby", text.id);
  remove.setAttribute("aria-describedby", text.id);
  setDisabled(add, dots.left < 1 || n >= max);
  setDisabled(remove, n < 1);
  const why = node.querySelector(".dot-why");
  const reason = refused.get(idea.id) || (n >= max && dots.left > 0 ? t("max_dots_on_idea", { n: max }) : "");
  why.textContent = reason;
  why.hidden = !reason;
}

function fillResult(node, { idea, rank }) {
  node.querySelector(".idea-text").textContent = idea.text;
  node.querySelector(".result-count").textContent = t("dots_count", { n: idea.votes || 0 });
  const place = node.querySelector(".result-rank");
  place.hidden = false;
  place.textContent = t("rank", { rank });
}

/** Draw the ideas under their clusters' headings into a container of groups. */
function drawGroups(container, ideas, template, fill) {
  const groups = grouped(ideas, state.clusters || []);
  const headed = groups.length > 1 || groups[0].cluster !== null;
  syncList(container, groups.filter((group) => group.ideas.length),
    (group) => (group.cluster ? group.cluster.id : "other"),
    () => fromTemplate("tpl-idea-group"),
    (section, group) => {
      const title = section.querySelector(".group-title");
      title.textContent = group.cluster ? group.cluster.title : t("other_ideas");
      title.hidden = !headed;
      syncList(section.querySelector(".idea-list"), group.ideas, (idea) => idea.id,
        () => fromTemplate(template), fill);
    });
}

function render() {
  followFeedback(state);
  const ws = state.workshop;
  const phase = ws.phase;
  byId("workshop-title").textContent = ws.title;
  byId("prompt").textContent = ws.prompt;
  byId("phase-name").textContent = strings.phases[phase] || phase;
  document.querySelectorAll("[data-phases]").forEach((el) => {
    el.hidden = !el.dataset.phases.split(" ").includes(phase);
  });

  const dots = myDots();
  if (phase === PHASE.VOTING) {
    drawGroups(byId("vote-list"), state.ideas, "tpl-vote-item", (node, idea) => fillVote(node, idea, dots));
  }
  byId("dots-left").textContent = t("dots_left", { n: dots.left });
  byId("dots-note").hidden = dots.left > 0;

  if (isFinished(phase)) {
    syncList(byId("result-list"), rankedWithTies(state.ideas), (entry) => entry.idea.id,
      () => fromTemplate("tpl-result-item"), fillResult);
  }

  // Others' ideas: this phone's own are listed once, under "Your ideas".
  const mineIds = new Set(state.me.my_ideas.map((idea) => idea.id));
  const others = state.ideas.filter((idea) => !mineIds.has(idea.id));
  const seeIdeas = isGathering(phase) && ws.settings.phones_see_ideas;
  byId("ideas-section").hidden = !seeIdeas;
  if (seeIdeas) {
    drawGroups(byId("idea-list"), [...others].reverse(), "tpl-plain-item", fillPlain);
    byId("no-ideas").hidden = others.length > 0;
  }

  const waiting = live.pending().filter((item) => item.event === "idea:post").reverse()
    .map((item) => ({ ...item.payload, key: `p-${item.payload.client_id}`, sending: true }));
  const mine = [...waiting, ...[...state.me.my_ideas].reverse()];
  byId("my-ideas-section").hidden = mine.length === 0;
  syncList(byId("my-ideas"), mine, (idea) => idea.key || idea.id,
    () => fromTemplate("tpl-plain-item"), fillPlain);
}

// -- the idea form ------------------------------------------------------------------------

function updateCounter() {
  const left = textarea.maxLength - textarea.value.length;
  counter.textContent = t("characters_left", { n: left });
  counter.classList.toggle("is-low", left <= 20);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = textarea.value.trim();
  if (!text) { say(t("idea_empty"), true); textarea.focus(); return; }
  const groups = Array.from(form.querySelectorAll("input[name=target_groups]:checked"), (box) => box.value);
  live.send("idea:post", { text, target_groups: groups });
  form.reset();
  updateCounter();
  say(live.connected() ? t("idea_sending") : t("idea_saved_offline"));
  render();
});
textarea.addEventListener("input", updateCounter);
counter.hidden = false;
updateCounter();
byId("vote-list").addEventListener("click", dotClick);
similarHint(live, () => state.workshop.phase === PHASE.COLLECTING && state.workshop.settings.phones_see_ideas);
timer.set(state.workshop.timer_ends_at, state.server_time);
render();
