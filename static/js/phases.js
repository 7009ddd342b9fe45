// The workshop's phases, named once for every screen (the server's values).

export const PHASE = Object.freeze({
  DRAFT: "draft",
  COLLECTING: "collecting",
  GROUPING: "grouping",
  VOTING: "voting",
  RESULTS: "results",
  CLOSED: "closed",
});

/** The phases in the order a workshop moves through them. */
export const PHASE_ORDER = Object.freeze([
  PHASE.DRAFT, PHASE.COLLECTING, PHASE.GROUPING, PHASE.VOTING, PHASE.RESULTS, PHASE.CLOSED,
]);

/** Voting is over and the counts are there for everyone. */
export const isFinished = (phase) => phase === PHASE.RESULTS || phase === PHASE.CLOSED;

/** Ideas are still coming in or being grouped: people read them as a list, not a ranking. */
export const isGathering = (phase) => phase === PHASE.COLLECTING || phase === PHASE.GROUPING;

/** Clusters may be made and changed while ideas come in, are grouped, and are voted on. */
export const canGroup = (phase) => isGathering(phase) || phase === PHASE.VOTING;

/**
 * What a move from `current` to `next` is, for the console's buttons: "forward" (the next
 * phase), "skip" (further on, past an optional phase), "back", or "close" (the end).
 */
export function stepKind(current, next) {
  if (next === PHASE.CLOSED) return "close";
  const from = PHASE_ORDER.indexOf(current);
  const to = PHASE_ORDER.indexOf(next);
  if (to < from) return "back";
  return to === from + 1 ? "forward" : "skip";
}

/** The order the console lists its phase buttons in: the step forward first. */
export const STEP_ORDER = Object.freeze(["forward", "skip", "back", "close"]);
