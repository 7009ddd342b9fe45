// Ideas as the screens hold them: keyed updates, target-group names and the ranking.

/** Insert or replace an idea (by id) in a list; returns true when it was new. */
export function upsert(ideas, idea) {
  const index = ideas.findIndex((other) => other.id === idea.id);
  if (index < 0) { ideas.push(idea); return true; }
  ideas[index] = { ...ideas[index], ...idea };
  return false;
}

export function groupNames(strings, idea) {
  return (idea.target_groups || []).map((g) => strings.target_groups[g] || g).join(", ");
}

/** The ideas by dots, most first; equal dots keep the order they were posted in. */
export function ranked(ideas) {
  return [...ideas].sort((a, b) => (b.votes || 0) - (a.votes || 0) || a.id - b.id);
}
