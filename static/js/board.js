// The projected board: the question, the join code, the wall of ideas (grouped, counted,
// ranked as the phase asks), the timer, and the facilitator's paging controls.
import { announcer, connectionBanner, ideaAnnouncer } from "./announce.js";
import { countdown } from "./countdown.js";
import { byId, fromTemplate, pageData } from "./dom.js";
import { followFeedback } from "./feedback.js";
import { translator } from "./i18n.js";
import { clusterTotals, grouped, rankedWithTies, upsert } from "./ideas.js";
import { startLive } from "./live.js";
import { PHASE, isFinished } from "./phases.js";
import { isClamped, sizesBetween, wallLayout } from "./wall.js";

const data = pageData();
const strings = data.strings;
const t = translator(strings);
const announce = announcer(byId("announcer"));
const announceIdea = ideaAnnouncer(announce, t);
const PAGE_MS = 12000; // how long a page stays, unless its long ideas need their turns
const SPOTLIGHT_MS = 8000; // how long a long idea's full text stays in the band
const PODIUM_SIZE = 3; // the top places shown large at results
// The smallest type on the wall: 24 px on a 1080 px tall projection, and in proportion on
// any other (what the back row sees depends on the projected height, not on the pixels).
const floorPx = () => Math.max(16, (24 * window.innerHeight) / 1080);
const maxPx = () => (60 * window.innerHeight) / 1080;

let state = data.state;
let drawn = false;
let page = 0;
let paused = false;
let pageStarted = Date.now();
let spotlight = { cards: [], index: 0, since: 0 };
let layoutKey = "";

const wall = wallLayout({ wall: byId("wall"), flow: byId("wall-flow"), minColumnEm: 11 });
const timer = countdown({ box: byId("timer"), value: byId("timer-value"), t, announce });

startLive({
  auth: { board_key: data.board_key },
  workshopId: data.workshop_id,
  seq: data.seq,
  onStatus: connectionBanner(byId("connection"), t, announce),
  onSnapshot: replace,
  onEvent(name, msg) {
    if (name === "phase" || name === "state") {
      replace(msg);
      return;
    }
    if (name === "timer") {
      timer.set(msg.timer_ends_at, msg.server_time);
      return;
    }
    if (name === "tally") {
      applyTally(msg);
    } else if (name.startsWith("cluster:")) {
      applyCluster(name, msg);
    } else if (msg.idea) {
      const idea = msg.idea;
      if (idea.hidden || idea.merged_into_id) {
        state.ideas = state.ideas.filter((other) => other.id !== idea.id);
      } else if (upsert(state.ideas, idea) && name === "idea:added") {
        announceIdea(idea.text);
      }
    }
    render();
  },
});

function replace(snapshot) {
  const before = state.workshop;
  state = { clusters: [], ...snapshot };
  // The board speaks the workshop's language; a change of language needs the page again.
  if (state.workshop.language !== before.language) {
    window.location.reload();
    return;
  }
  timer.set(state.workshop.timer_ends_at, state.server_time);
  if (state.workshop.phase !== before.phase) {
    announce(t("phase_changed", { phase: strings.phases[state.workshop.phase] }));
    page = 0;
  }
  render();
}

function applyTally(tally) {
  state.participants = tally.participants;
  state.voters = tally.voters;
  state.dots_cast = tally.dots_cast;
  if (tally.votes) {
    state.ideas.forEach((idea) => { idea.votes = tally.votes[String(idea.id)] || 0; });
  }
}

function applyCluster(name, msg) {
  const clusters = state.clusters || [];
  if (name === "cluster:removed") {
    state.clusters = clusters.filter((cluster) => cluster.id !== msg.cluster_id);
  } else if (msg.cluster) {
    upsert(clusters, msg.cluster);
    state.clusters = clusters.sort((a, b) => a.position - b.position || a.id - b.id);
  }
}

// -- what the wall shows in each phase ------------------------------------------------------

/** The wall's groups in order: [{key, title, ideas}], title "" for a group with no heading. */
function wallGroups(phase) {
  const ideas = state.ideas;
  if (phase === PHASE.DRAFT || phase === PHASE.COLLECTING) {
    return [{ key: "all", title: "", ideas: [...ideas].reverse() }];
  }
  if (isFinished(phase)) {
    const ranks = rankedWithTies(ideas).slice(PODIUM_SIZE);
    return [{ key: "rest", title: "", ideas: ranks.map(({ idea, rank }) => ({ ...idea, rank })) }];
  }
  const groups = grouped(ideas, state.clusters || []);
  if (groups.length === 1 && groups[0].cluster === null) {
    return [{ key: "all", title: "", ideas: groups[0].ideas }];
  }
  return groups.map(({ cluster, ideas: members }) => ({
    key: cluster ? `cluster-${cluster.id}` : "other",
    title: cluster ? cluster.title : t("other_ideas"),
    ideas: members,
  }));
}

function fillCard(node, idea, withVotes) {
  node.querySelector(".card-number").textContent = idea.number ? `#${idea.number}` : "";
  node.querySelector(".idea-text").textContent = idea.text;
  const rank = node.querySelector(".card-rank");
  rank.hidden = !idea.rank;
  if (idea.rank) {
    rank.textContent = t("rank", { rank: idea.rank });
    rank.setAttribute("aria-label", t("rank_long", { rank: idea.rank }));
  }
  const votes = node.querySelector(".card-votes");
  votes.hidden = !withVotes;
  votes.querySelector("strong").textContent = idea.votes || 0;
  votes.querySelector(".votes-label").textContent = t("votes_label", { n: idea.votes || 0 });
}

/** Rebuild the wall's groups and cards, keeping the elements of cards that stay. */
function drawWall(groups, withVotes) {
  const flow = byId("wall-flow");
  const old = new Map([...flow.querySelectorAll(".wall-card")].map((node) => [node.dataset.key, node]));
  const sections = groups.map((group) => {
    const section = fromTemplate("tpl-wall-group");
    const heading = section.querySelector(".wall-heading");
    heading.hidden = !group.title;
    heading.querySelector(".heading-title").textContent = group.title;
    heading.querySelector(".heading-count").textContent = group.title ? `(${group.ideas.length})` : "";
    const list = section.querySelector(".wall-cards");
    group.ideas.forEach((idea) => {
      let node = old.get(String(idea.id));
      if (!node) {
        node = fromTemplate("tpl-wall-card");
        node.dataset.key = String(idea.id);
        if (drawn) node.classList.add("is-new");
      }
      fillCard(node, idea, withVotes);
      list.append(node);
    });
    return section;
  });
  flow.replaceChildren(...sections);
}

function drawPodium(finished, withVotes) {
  const podium = byId("podium");
  podium.hidden = !finished || !state.ideas.length;
  if (podium.hidden) return;
  const top = rankedWithTies(state.ideas).slice(0, PODIUM_SIZE);
  podium.replaceChildren(...top.map(({ idea, rank }) => {
    const node = fromTemplate("tpl-podium-card");
    node.dataset.key = String(idea.id);
    const badge = node.querySelector(".card-rank");
    badge.textContent = t("rank", { rank });
    badge.setAttribute("aria-label", t("rank_long", { rank }));
    node.querySelector(".idea-text").textContent = idea.text;
    const votes = node.querySelector(".card-votes");
    votes.hidden = !withVotes;
    votes.querySelector("strong").textContent = idea.votes || 0;
    votes.querySelector(".votes-label").textContent = t("votes_label", { n: idea.votes || 0 });
    return node;
  }));
}

/** The largest type at which the top places are read whole in their band of the screen. */
function fitPodium() {
  const podium = byId("podium");
  if (podium.hidden) return null;
  const limit = 0.3 * window.innerHeight;
  // Four lines at most each: a longer one takes its turn in the band below the wall.
  const sizes = sizesBetween((42 * window.innerHeight) / 1080, floorPx());
  for (const size of sizes) {
    podium.style.fontSize = `${size}px`;
    if (![...podium.children].some(isClamped) && podium.scrollHeight <= limit + 1) return size;
  }
  return floorPx();
}

function drawClusterTotals(finished) {
  const box = byId("cluster-totals");
  const clusters = state.clusters || [];
  box.hidden = !finished || !clusters.length;
  if (box.hidden) return;
  box.replaceChildren(...clusterTotals(state.ideas, clusters).map(({ cluster, total }) => {
    const item = document.createElement("li");
    item.textContent = t("cluster_total", {
      title: cluster ? cluster.title : t("other_ideas"),
      n: `${total} ${t("votes_label", { n: total })}`,
    });
    return item;
  }));
}

function drawJoin(phase) {
  const ws = state.workshop;
  // Open feedback takes the side panel: its code, not the join code, is the one to scan.
  const feedback = Boolean(ws.feedback_open);
  const open = ws.joining_open !== false && !feedback;
  const big = open && (phase === PHASE.DRAFT || phase === PHASE.COLLECTING);
  // After collecting the code moves to a corner; at results only a door kept open shows it.
  const corner = open && (phase === PHASE.GROUPING || phase === PHASE.VOTING
    || (phase === PHASE.RESULTS && ws.joining_open === true));
  byId("join-panel").hidden = !big;
  byId("join-corner").hidden = !corner;
  // A door closed while the workshop is under way is said, where the code was.
  byId("door-closed").hidden = !(ws.joining_open === false && !feedback
    && [PHASE.DRAFT, PHASE.COLLECTING, PHASE.GROUPING, PHASE.VOTING].includes(phase));
  document.body.classList.toggle("board-with-join", big || feedback);
}

// -- paging ---------------------------------------------------------------------------------

function showPage(number) {
  page = ((number % wall.pages) + wall.pages) % wall.pages;
  wall.show(page);
  pageStarted = Date.now();
  const paging = wall.pages > 1;
  byId("pages").hidden = !paging;
  ["page-previous", "page-pause", "page-next"].forEach((id) => { byId(id).hidden = !paging; });
  if (paging) {
    const numbers = { page: page + 1, pages: wall.pages };
    byId("page-short").textContent = t("page_short", numbers);
    byId("page-long").textContent = t("page_long", numbers);
  }
  const podium = byId("podium").hidden ? [] : [...byId("podium").children];
  const cards = [...podium, ...wall.cardsOn(page)].filter(isClamped);
  spotlight = { cards, index: 0, since: Date.now() };
  drawSpotlight();
}

function drawSpotlight() {
  const band = byId("spotlight");
  document.querySelectorAll(".in-spotlight").forEach((card) => card.classList.remove("in-spotlight"));
  const card = spotlight.cards[spotlight.index];
  band.classList.toggle("is-empty", !card);
  if (!card) {
    byId("spotlight-label").textContent = "";
    byId("spotlight-text").textContent = "";
    return;
  }
  const idea = ideaOf(card);
  card.classList.add("in-spotlight");
  byId("spotlight-label").textContent = idea && idea.number
    ? t("idea_in_full", { number: idea.number }) : "";
  byId("spotlight-text").textContent = idea ? idea.text : "";
}

const ideaOf = (card) => state.ideas.find((idea) => String(idea.id) === card.dataset.key);

/** How long the current page stays: long enough for each of its long ideas to have a turn. */
const pageDuration = () => Math.max(PAGE_MS, spotlight.cards.length * SPOTLIGHT_MS);

function tick() {
  const now = Date.now();
  if (spotlight.cards.length > 1 && now - spotlight.since >= SPOTLIGHT_MS && !paused) {
    spotlight.index = (spotlight.index + 1) % spotlight.cards.length;
    spotlight.since = now;
    drawSpotlight();
  }
  if (wall.pages < 2) return;
  const elapsed = now - pageStarted;
  byId("page-progress").style.width = `${Math.min(100, (100 * elapsed) / pageDuration())}%`;
  if (!paused && elapsed >= pageDuration()) showPage(page + 1);
}

function setPaused(value) {
  paused = value;
  const button = byId("page-pause");
  button.setAttribute("aria-pressed", String(paused));
  button.textContent = t("pause");
  button.title = paused ? t("resume_paging") : t("pause_paging");
  if (!paused) pageStarted = Date.now();
}

// -- drawing --------------------------------------------------------------------------------

function render() {
  followFeedback(state);
  const ws = state.workshop;
  const phase = ws.phase;
  const finished = isFinished(phase);
  const counting = phase === PHASE.VOTING || finished;
  byId("board").dataset.phase = phase;
  byId("phase-name").textContent = strings.phases[phase] || phase;
  byId("workshop-title").textContent = ws.title;
  byId("prompt").textContent = ws.prompt;
  byId("count-ideas").textContent = t("ideas_count", { n: state.ideas.length });
  byId("count-participants").textContent = t("participants_joined", { n: state.participants });
  byId("count-voters").textContent = t("voters", { n: state.voters });
  byId("count-dots").textContent = t("dots_cast", { n: state.dots_cast });
  byId("count-voters").hidden = !counting;
  byId("count-dots").hidden = !counting;
  byId("counts-hidden").hidden = phase !== PHASE.VOTING || state.counts_visible;
  byId("ended").hidden = phase !== PHASE.CLOSED;
  byId("wall-title").textContent = finished ? t("results_title") : t("ideas_count", { n: state.ideas.length });
  byId("no-ideas").hidden = state.ideas.length > 0;
  drawJoin(phase);
  drawClusterTotals(finished);
  drawPodium(finished, state.counts_visible);
  const groups = wallGroups(phase);
  drawWall(groups, state.counts_visible);
  relayout(groups);
  drawn = true;
}

/** Fit the wall again; keep the page shown unless the wall's contents moved on it. */
function relayout(groups) {
  const key = JSON.stringify([window.innerWidth, window.innerHeight, state.workshop.phase,
    state.workshop.feedback_open, state.workshop.joining_open,
    groups.map((group) => [group.title, group.ideas.map((idea) => [idea.id, idea.text])])]);
  const same = key === layoutKey;
  layoutKey = key;
  if (same) return;
  // At results the rest of the ranking is never set larger than its top places.
  const podium = fitPodium();
  const largest = podium ? Math.max(floorPx(), Math.min(maxPx(), 0.85 * podium)) : maxPx();
  const sizes = sizesBetween(largest, floorPx());
  const band = byId("spotlight");
  band.hidden = true;
  band.style.height = "";
  const first = wall.fit(sizes);
  // Ideas too long for their card get a band below the wall that shows each in full on its
  // turn. The band is made as high as the longest of them needs, at the wall's type size,
  // before the wall is fitted again into the room that is left, so nothing moves later.
  const clamped = [...document.querySelectorAll(".wall-card, .podium-card")].filter(isClamped);
  if (clamped.length) {
    const longest = clamped.map((card) => ideaOf(card)).filter(Boolean)
      .reduce((a, b) => (b.text.length > a.text.length ? b : a));
    band.style.fontSize = `${Math.min(first.size, 1.25 * floorPx())}px`;
    byId("spotlight-label").textContent = t("idea_in_full", { number: longest.number || "" });
    byId("spotlight-text").textContent = longest.text;
    band.hidden = false;
    band.style.height = `${band.offsetHeight}px`;
    wall.fit(sizes);
  }
  showPage(Math.min(page, wall.pages - 1));
}

// -- the facilitator's controls: buttons, keyboard and a presenter's clicker ----------------

byId("page-previous").addEventListener("click", () => showPage(page - 1));
byId("page-next").addEventListener("click", () => showPage(page + 1));
byId("page-pause").addEventListener("click", () => setPaused(!paused));
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest && event.target.closest("button") && (event.key === " " || event.key === "Enter")) return;
  if (["PageDown", "ArrowRight", "ArrowDown"].includes(event.key)) showPage(page + 1);
  else if (["PageUp", "ArrowLeft", "ArrowUp"].includes(event.key)) showPage(page - 1);
  else if (event.key === "p" || event.key === " ") setPaused(!paused);
  else if (event.key === "f" && document.fullscreenEnabled) document.documentElement.requestFullscreen();
  else return;
  event.preventDefault();
});

const fullscreen = byId("fullscreen");
if (document.fullscreenEnabled) {
  const update = () => { fullscreen.hidden = Boolean(document.fullscreenElement); };
  fullscreen.addEventListener("click", () => document.documentElement.requestFullscreen());
  document.addEventListener("fullscreenchange", update);
  update();
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 200);
});
setInterval(tick, 250);
setPaused(false);
timer.set(state.workshop.timer_ends_at, state.server_time);
state.clusters = state.clusters || [];
render();
