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

/**
 * The ideas in ranking order, each with its place: ideas with equal dots share a place and the
 * next place counts them all ("1, 1, 3"), as the printed seminar report does.
 */
export function rankedWithTies(ideas) {
  const sorted = [...ideas].sort((a, b) => (b.votes || 0) - (a.votes || 0)
    || (a.number || a.id) - (b.number || b.id));
  let rank = 0;
  return sorted.map((idea, index) => {
    if (index === 0 || (idea.votes || 0) !== (sorted[index - 1].votes || 0)) rank = index + 1;
    return { idea, rank };
  });
}

const byNumber = (a, b) => (a.number || a.id) - (b.number || b.id);

/**
 * The ideas under their clusters, in the clusters' order, each cluster's ideas by number;
 * the ideas in no cluster come last (cluster: null), and alone when there are no clusters.
 */
export function grouped(ideas, clusters) {
  const known = new Set(clusters.map((cluster) => cluster.id));
  const groups = clusters.map((cluster) => ({
    cluster, ideas: ideas.filter((idea) => idea.cluster_id === cluster.id).sort(byNumber),
  }));
  const rest = ideas.filter((idea) => !known.has(idea.cluster_id)).sort(byNumber);
  if (rest.length || !groups.length) groups.push({ cluster: null, ideas: rest });
  return groups;
}

/** Each cluster's dots (and those of ideas in none), most first. */
export function clusterTotals(ideas, clusters) {
  return grouped(ideas, clusters)
    .map(({ cluster, ideas: members }) => ({
      cluster, total: members.reduce((sum, idea) => sum + (idea.votes || 0), 0),
    }))
    .sort((a, b) => b.total - a.total);
}

/** The clusters after a `cluster:added`, `cluster:updated` or `cluster:removed`, in order. */
export function applyClusterEvent(clusters, name, msg) {
  if (name === "cluster:removed") return clusters.filter((c) => c.id !== msg.cluster_id);
  if (!msg.cluster) return clusters;
  return [...clusters.filter((c) => c.id !== msg.cluster.id), msg.cluster]
    .sort((a, b) => a.position - b.position || a.id - b.id);
}
