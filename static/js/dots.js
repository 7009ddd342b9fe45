// A voter's dots as a screen shows them: what the server confirmed plus what is still being
// sent, and why one more (or one less) cannot be. The phone and the console's paper
// ballots use the same rules.

export const CAST = "vote:cast";
export const RETRACT = "vote:retract";

/**
 * The dots per idea and the dots left, counting the casts and retracts still queued.
 * `belongs` picks the queued actions of this voter (the console queues for several ballots).
 */
export function withPending({ votes, left }, pending, belongs = () => true) {
  const counted = { ...votes };
  let remaining = left;
  pending.forEach(({ event, payload }) => {
    const step = event === CAST ? 1 : event === RETRACT ? -1 : 0;
    if (!step || !belongs(payload)) return;
    const key = String(payload.idea_id);
    counted[key] = (counted[key] || 0) + step;
    remaining -= step;
  });
  return { votes: counted, left: Math.max(0, remaining) };
}

export const onIdea = (dots, ideaId) => Math.max(0, dots.votes[String(ideaId)] || 0);

/**
 * Why a dot cannot be added (cast) or taken back now, or null when it can:
 * "no_dots_left", "max_dots_on_idea" or "no_dots_to_take_back".
 */
export function refusal(dots, ideaId, cast, maxOnIdea) {
  const mine = onIdea(dots, ideaId);
  if (cast && dots.left < 1) return "no_dots_left";
  if (cast && mine >= maxOnIdea) return "max_dots_on_idea";
  if (!cast && mine < 1) return "no_dots_to_take_back";
  return null;
}
