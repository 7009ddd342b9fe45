// The projected board: the join code, the question, the live ideas, the timer and the results.
import { announcer, connectionBanner, ideaAnnouncer } from "./announce.js";
import { countdown } from "./countdown.js";
import { byId, fromTemplate, pageData, syncList } from "./dom.js";
import { translator } from "./i18n.js";
import { ranked, upsert } from "./ideas.js";
import { startLive } from "./live.js";
import { PHASE, isFinished } from "./phases.js";

const data = pageData();
const strings = data.strings;
const t = translator(strings);
const announce = announcer(byId("announcer"));
const announceIdea = ideaAnnouncer(announce, t);
const SHOWN = 40;  // more would not fit on any screen; the rest are counted
let state = data.state;
let drawn = false;

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
    } else if (name === "tally") {
      applyTally(msg);
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
  state = snapshot;
  // The board speaks the workshop's language; a change of language needs the page again.
  if (state.workshop.language !== before.language) {
    window.location.reload();
    return;
  }
  timer.set(state.workshop.timer_ends_at, state.server_time);
  if (state.workshop.phase !== before.phase) {
    announce(t("phase_changed", { phase: strings.phases[state.workshop.phase] }));
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

function fillIdea(node, idea, withVotes) {
  node.querySelector(".idea-text").textContent = idea.text;
  const votes = node.querySelector(".board-votes");
  votes.hidden = !withVotes;
  votes.querySelector("strong").textContent = idea.votes || 0;
  votes.querySelector(".votes-label").textContent = t("votes_label", { n: idea.votes || 0 });
}

function create() {
  const node = fromTemplate("tpl-board-idea");
  if (drawn) node.classList.add("is-new");
  return node;
}

/** Hide the cards cut off at the bottom edge and say how many are not shown. */
function fitIdeas(list, total) {
  const bottom = byId("ideas-section").getBoundingClientRect().bottom;
  let hidden = total - list.children.length;
  Array.from(list.children).forEach((node) => {
    node.classList.remove("is-clipped");
    if (node.getBoundingClientRect().bottom > bottom + 1) {
      node.classList.add("is-clipped");
      hidden += 1;
    }
  });
  const more = byId("more-ideas");
  more.hidden = hidden < 1;
  more.textContent = t("more_ideas", { n: hidden });
}

function render() {
  const ws = state.workshop;
  const phase = ws.phase;
  const finished = isFinished(phase);
  const voting = phase === PHASE.VOTING || finished;
  byId("phase-name").textContent = strings.phases[phase] || phase;
  byId("workshop-title").textContent = ws.title;
  byId("prompt").textContent = ws.prompt;
  byId("count-participants").textContent = t("participants_joined", { n: state.participants });
  byId("count-voters").textContent = t("voters", { n: state.voters });
  byId("count-dots").textContent = t("dots_cast", { n: state.dots_cast });
  byId("count-voters").hidden = !voting;
  byId("count-dots").hidden = !voting;
  byId("counts-hidden").hidden = phase !== PHASE.VOTING || state.counts_visible;
  byId("ideas-section").hidden = finished;
  byId("results-section").hidden = !finished;

  if (finished) {
    syncList(byId("result-list"), ranked(state.ideas).slice(0, SHOWN), (idea) => idea.id, create,
      (node, idea) => fillIdea(node, idea, true));
  } else {
    const list = byId("idea-list");
    const newest = [...state.ideas].reverse().slice(0, SHOWN);
    syncList(list, newest, (idea) => idea.id, create,
      (node, idea) => fillIdea(node, idea, state.counts_visible));
    byId("no-ideas").hidden = state.ideas.length > 0;
    fitIdeas(list, state.ideas.length);
  }
  drawn = true;
}

const fullscreen = byId("fullscreen");
if (document.fullscreenEnabled) {
  const update = () => { fullscreen.hidden = Boolean(document.fullscreenElement); };
  fullscreen.addEventListener("click", () => document.documentElement.requestFullscreen());
  document.addEventListener("fullscreenchange", () => { update(); render(); });
  update();
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 200);
});
timer.set(state.workshop.timer_ends_at, state.server_time);
render();
