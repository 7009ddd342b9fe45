// Moving ideas into a cluster, to another, or out of every cluster: three ways to the same
// `idea:cluster`, each for several ideas at once. With the keyboard alone (no dragging needed,
// WCAG 2.5.7): tick ideas, then press a cluster's number, 1–9, or 0 for "Other", while the
// focus is in the list; or choose the place in "Move to" and press Move. With a pointer: drag
// an idea (or the ticked ones) onto a cluster's heading.
import { byId, fillSelect } from "./dom.js";
import { clearSelection, groupCluster, selectedIdeaIds } from "./idea_groups.js";
import { upsert } from "./ideas.js";
import { canGroup } from "./phases.js";

const NONE = "none";  // the "Move to" option for "Other"

export function ideaMoves(screen) {
  const { live, t, report } = screen;
  const list = byId("idea-list");
  const status = byId("ideas-status");
  const select = byId("move-target");
  let dragged = [];

  const allowed = () => canGroup(screen.state().workshop.phase);
  const clusterTitle = (id) => (id === null ? t("other_ideas")
    : (screen.state().clusters.find((c) => c.id === id) || { title: "" }).title);

  /** Ask the server to move the ideas; true once they are where they were sent. */
  async function moveIdeas(ids, clusterId) {
    const state = screen.state();
    const numbers = screen.labels(ids.map(screen.findIdea).filter(Boolean));
    const res = await live.request("idea:cluster", { idea_ids: ids, cluster_id: clusterId });
    if (!res.ok) {
      report(status, res.offline ? t("not_connected") : res.error.message, { error: true });
      return false;
    }
    res.ideas.forEach((idea) => upsert(state.ideas, idea));
    clearSelection(list);
    screen.render();
    report(status, t("moved_to_cluster", { cluster: clusterTitle(clusterId), numbers }));
    return true;
  }

  // -- the number keys ----------------------------------------------------------------------

  /** The idea to go on with once `node`'s idea has moved away: the next one left, or the one before. */
  function nextStop(node, moving) {
    const stays = (el) => el && !moving.includes(Number(el.dataset.key));
    let next = node.nextElementSibling;
    while (next && !stays(next)) next = next.nextElementSibling;
    if (next) return next;
    let before = node.previousElementSibling;
    while (before && !stays(before)) before = before.previousElementSibling;
    return before;
  }

  byId("ideas-section").addEventListener("keydown", async (event) => {
    if (!/^[0-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    // Digits typed into a field stay there; the keys act on a checkbox, a button, the list.
    if (event.target.matches("textarea, select, input:not([type=checkbox])")) return;
    if (!allowed()) return;
    event.preventDefault();
    const group = list.querySelector(`.cluster-group[data-shortcut="${event.key}"]:not(.is-alone)`);
    if (!group) { report(status, t("no_cluster_key", { n: event.key }), { error: true }); return; }
    const focusedIdea = event.target.closest(".console-idea");
    let ids = selectedIdeaIds(list);
    if (!ids.length && focusedIdea) ids = [Number(focusedIdea.dataset.key)];
    if (!ids.length) { report(status, t("move_need_selection"), { error: true }); return; }
    const leaving = focusedIdea && ids.includes(Number(focusedIdea.dataset.key));
    const next = leaving ? nextStop(focusedIdea, ids) : null;
    if (await moveIdeas(ids, groupCluster(group)) && leaving) {
      // Sorting a pile one key press at a time: the focus goes on to the next idea, or, with
      // none left, follows the idea to its new place.
      (next || focusedIdea).querySelector(".select-box").focus();
    }
  });

  // -- "Move to" ----------------------------------------------------------------------------

  byId("move-button").addEventListener("click", async () => {
    const ids = selectedIdeaIds(list);
    if (!ids.length) { report(status, t("move_need_selection"), { error: true }); return; }
    if (!select.value) {
      report(status, t("move_need_target"), { error: true });
      select.focus();
      return;
    }
    if (await moveIdeas(ids, select.value === NONE ? null : Number(select.value))) select.value = "";
  });

  // -- drag and drop ------------------------------------------------------------------------

  const dropTarget = (event) => {
    const group = event.target instanceof Element && event.target.closest(".cluster-group");
    return group && !group.classList.contains("is-alone") ? group : null;
  };
  const unmark = () => list.querySelectorAll(".is-drop-target")
    .forEach((group) => group.classList.remove("is-drop-target"));

  list.addEventListener("dragstart", (event) => {
    const node = event.target instanceof Element && event.target.closest(".console-idea");
    if (!node || !allowed()) return;
    const id = Number(node.dataset.key);
    const selected = selectedIdeaIds(list);
    dragged = selected.includes(id) ? selected : [id];
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", screen.labels(dragged.map(screen.findIdea)));
    list.classList.add("is-dragging");
  });
  list.addEventListener("dragend", () => {
    dragged = [];
    list.classList.remove("is-dragging");
    unmark();
  });
  list.addEventListener("dragover", (event) => {
    const group = dropTarget(event);
    if (!dragged.length || !group) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!group.classList.contains("is-drop-target")) {
      unmark();
      group.classList.add("is-drop-target");
    }
  });
  list.addEventListener("dragleave", (event) => {
    const group = dropTarget(event);
    if (group && !group.contains(event.relatedTarget)) group.classList.remove("is-drop-target");
  });
  list.addEventListener("drop", (event) => {
    const group = dropTarget(event);
    if (!dragged.length || !group) return;
    event.preventDefault();
    const clusterId = groupCluster(group);
    const ids = dragged.filter((id) => (screen.findIdea(id) || {}).cluster_id !== clusterId);
    dragged = [];
    unmark();
    if (ids.length) moveIdeas(ids, clusterId);
  });

  return {
    /** Whether ideas may be moved (and clusters changed) in this phase. */
    allowed,
    /** Offer the clusters (by key and title) and "Other" in "Move to". */
    render() {
      const clusters = screen.state().clusters;
      const draggable = allowed();
      list.querySelectorAll(".console-idea").forEach((node) => { node.draggable = draggable; });
      fillSelect(select, [
        ...clusters.map((c, index) => [String(c.id),
          index < 9 ? t("cluster_option", { key: index + 1, title: c.title }) : c.title]),
        [NONE, t("cluster_option", { key: 0, title: t("other_ideas") })],
      ]);
    },
  };
}
