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
