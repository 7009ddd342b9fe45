// The console's ranking at results: every idea on the wall by its dots, ties sharing a place
// (1, 1, 3) as the board and the printed report have them.
import { byId, fromTemplate, syncList } from "./dom.js";
import { rankedWithTies } from "./ideas.js";
import { isFinished } from "./phases.js";

export function rankingPanel(screen) {
  const { t } = screen;
  const list = byId("ranking-list");

  function fill(node, { rank, idea }) {
    node.value = rank;
    node.querySelector(".rank").textContent = t("rank", { rank });
    node.querySelector(".idea-number").textContent = screen.label(idea);
    node.querySelector(".idea-text").textContent = idea.text;
    const cluster = screen.state().clusters.find((c) => c.id === idea.cluster_id);
    const where = node.querySelector(".rank-cluster");
    where.textContent = cluster ? cluster.title : "";
    where.hidden = !cluster;
    node.querySelector(".vote-count").textContent = idea.votes || 0;
    node.querySelector(".votes-label").textContent = t("votes_label", { n: idea.votes || 0 });
  }

  return {
    render() {
      const state = screen.state();
      if (!isFinished(state.workshop.phase)) {
        list.replaceChildren();
        return;
      }
      const shown = state.ideas.filter((idea) => !idea.hidden && !idea.pending && !idea.merged_into_id);
      syncList(list, rankedWithTies(shown), (row) => row.idea.id,
        () => fromTemplate("tpl-rank"), fill);
    },
  };
}
