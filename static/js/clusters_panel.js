// The console's clusters: create one, and rename, reorder or delete it from its heading in
// the list of ideas. Every change is the server's answer applied at once; the sequenced
// events (cluster:added|updated|removed) then bring every other screen, and this one, in step.
import { byId, clearFieldError, showFieldError } from "./dom.js";
import { groupCluster } from "./idea_groups.js";
import { applyClusterEvent } from "./ideas.js";

/** A title another cluster has already, ignoring case (the server has the last word). */
export function titleTaken(clusters, title, otherThan = null) {
  const fold = (text) => text.normalize("NFC").toLocaleLowerCase();
  return clusters.some((c) => c.id !== otherThan && fold(c.title) === fold(title));
}

export function clustersPanel(screen) {
  const { live, t, report, workshopId } = screen;
  const list = byId("idea-list");
  const status = byId("ideas-status");

  /** Why a title cannot be used, or null. */
  function refuseTitle(title, otherThan = null) {
    if (!title) return t("cluster_title_empty");
    if (titleTaken(screen.state().clusters, title, otherThan)) {
      return t("cluster_title_taken", { title });
    }
    return null;
  }

  function apply(name, msg) {
    const state = screen.state();
    state.clusters = applyClusterEvent(state.clusters, name, msg);
  }

  /** A refusal beside `input` when it is about the title, else in the list's status line. */
  function refused(res, input, box) {
    if (res.offline) { report(status, t("not_connected"), { error: true }); return; }
    if (res.error.field === "title" && input) {
      showFieldError(input, box, res.error.message);
      screen.announce(res.error.message);
      input.focus();
    } else {
      report(status, res.error.message, { error: true });
    }
  }

  // -- create ------------------------------------------------------------------------------

  const form = byId("cluster-form");
  const input = byId("cluster-title");
  const error = byId("cluster-title-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = input.value.trim().replace(/\s+/g, " ");
    const why = refuseTitle(title);
    if (why) { showFieldError(input, error, why); screen.announce(why); input.focus(); return; }
    const res = await live.request("cluster:create", { workshop_id: workshopId, title });
    if (!res.ok) { refused(res, input, error); return; }
    clearFieldError(input, error);
    apply("cluster:added", res);
    input.value = "";
    screen.render();
    report(status, t("cluster_created", { title: res.cluster.title }));
  });
  input.addEventListener("input", () => { if (!error.hidden) clearFieldError(input, error); });

  // -- rename, reorder, delete, from each heading -------------------------------------------

  function openRename(section, cluster) {
    const rename = section.querySelector(".cluster-rename");
    const field = rename.querySelector(".rename-input");
    field.value = cluster.title;
    clearFieldError(field, rename.querySelector(".rename-error"));
    rename.hidden = false;
    section.querySelector("[data-cluster-act=rename]").setAttribute("aria-expanded", "true");
    field.focus();
    field.select();
  }

  function closeRename(section) {
    section.querySelector(".cluster-rename").hidden = true;
    const button = section.querySelector("[data-cluster-act=rename]");
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }

  async function move(button, cluster, step) {
    const clusters = screen.state().clusters;
    const place = clusters.findIndex((c) => c.id === cluster.id) + step;
    if (place < 0 || place >= clusters.length) {
      screen.announce(t(step < 0 ? "cluster_first" : "cluster_last"));
      return;
    }
    const res = await live.request("cluster:update", { cluster_id: cluster.id, position: place });
    if (!res.ok) { refused(res); return; }
    // Renumber here as the server did; its cluster:updated events for the others follow.
    const order = clusters.filter((c) => c.id !== cluster.id);
    order.splice(place, 0, res.cluster);
    screen.state().clusters = order.map((c, position) => ({ ...c, position }));
    screen.render();
    button.focus();
    report(status, t("cluster_moved", { title: cluster.title, n: place + 1 }));
  }

  async function remove(cluster) {
    if (!window.confirm(t("confirm_delete_cluster", { title: cluster.title }))) return;
    const res = await live.request("cluster:delete", { cluster_id: cluster.id });
    if (!res.ok) { refused(res); return; }
    const state = screen.state();
    state.ideas.forEach((idea) => { if (idea.cluster_id === cluster.id) idea.cluster_id = null; });
    apply("cluster:removed", { cluster_id: cluster.id });
    screen.render();
    byId("ideas-title").focus();
    report(status, t("cluster_deleted", { title: cluster.title }));
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-cluster-act]");
    if (!button) return;
    const section = button.closest(".cluster-group");
    const id = groupCluster(section);
    const cluster = screen.state().clusters.find((c) => c.id === id);
    if (!cluster) return;
    const act = button.dataset.clusterAct;
    if (act === "rename") {
      if (section.querySelector(".cluster-rename").hidden) openRename(section, cluster);
      else closeRename(section);
    } else if (act === "cancel") {
      closeRename(section);
    } else if (act === "up" || act === "down") {
      move(button, cluster, act === "up" ? -1 : 1);
    } else if (act === "delete") {
      remove(cluster);
    }
  });

  list.addEventListener("submit", async (event) => {
    const rename = event.target.closest(".cluster-rename");
    if (!rename) return;
    event.preventDefault();
    const section = rename.closest(".cluster-group");
    const id = groupCluster(section);
    const field = rename.querySelector(".rename-input");
    const box = rename.querySelector(".rename-error");
    const title = field.value.trim().replace(/\s+/g, " ");
    const why = refuseTitle(title, id);
    if (why) { showFieldError(field, box, why); screen.announce(why); field.focus(); return; }
    const res = await live.request("cluster:update", { cluster_id: id, title });
    if (!res.ok) { refused(res, field, box); return; }
    clearFieldError(field, box);
    apply("cluster:updated", res);
    screen.render();
    closeRename(section);
    report(status, t("cluster_renamed", { title: res.cluster.title }));
  });

  list.addEventListener("keydown", (event) => {
    const rename = event.target.closest(".cluster-rename");
    if (event.key === "Escape" && rename) closeRename(rename.closest(".cluster-group"));
  });
}
