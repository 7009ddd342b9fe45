// Suggested clusters: one button asks the server which ideas belong together (read-only,
// GET /api/v1/workshops/ID/cluster-suggestions) and lists its proposals. Each can have its
// title changed and ideas left out, then be accepted (cluster:create with its idea_ids) or
// discarded; nothing changes in the workshop until one is accepted.
import { byId, clearFieldError, fromTemplate, showFieldError } from "./dom.js";
import { applyClusterEvent, upsert } from "./ideas.js";
import { titleTaken } from "./clusters_panel.js";

export function clusterSuggestions(screen) {
  const { live, t, report, workshopId } = screen;
  const button = byId("suggest-button");
  const panel = byId("suggestions");
  const list = byId("suggestion-list");
  const status = byId("suggestions-status");
  let made = 0;  // suggestions drawn so far: each gets ids of its own

  function draw(suggestion) {
    const item = fromTemplate("tpl-suggestion");
    made += 1;
    const key = `suggestion-${made}`;
    const title = item.querySelector(".suggestion-title");
    title.id = `${key}-title`;
    title.value = suggestion.title;
    item.querySelector(".suggestion-label").htmlFor = title.id;
    item.querySelector(".suggestion-error").id = `${key}-error`;
    const ideas = item.querySelector(".suggestion-ideas ul");
    suggestion.idea_ids.map(screen.findIdea).filter(Boolean).forEach((idea) => {
      const row = fromTemplate("tpl-suggestion-idea");
      const box = row.querySelector("input");
      box.value = String(idea.id);
      box.id = `${key}-idea-${idea.id}`;
      row.querySelector("label").htmlFor = box.id;
      row.querySelector(".idea-number").textContent = screen.label(idea);
      row.querySelector(".idea-text").textContent = idea.text;
      // Accepting moves an idea out of the cluster it is in now: say which, beforehand.
      const now = screen.state().clusters.find((c) => c.id === idea.cluster_id);
      const where = row.querySelector(".suggestion-now-in");
      where.textContent = now ? t("suggestion_now_in", { cluster: now.title }) : "";
      where.hidden = !now;
      ideas.append(row);
    });
    return item;
  }

  button.addEventListener("click", async () => {
    report(status, t("suggestions_loading"));
    panel.hidden = false;
    let found;
    try {
      const response = await fetch(screen.suggestionsUrl, {
        credentials: "same-origin", headers: { Accept: "application/json" } });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ? body.error.message : t("error_generic"));
      found = body.clusters;
    } catch (error) {
      report(status, error instanceof SyntaxError || !error.message ? t("error_generic")
        : error.message, { error: true });
      return;
    }
    list.replaceChildren(...found.map(draw));
    report(status, found.length ? t("suggestions_ready", { n: found.length }) : t("suggestions_none"));
    byId("suggestions-title").focus();
  });

  function done(item, text) {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    report(status, text);
    if (next) next.querySelector(".suggestion-title").focus();
    else byId("suggestions-title").focus();
  }

  async function accept(item) {
    const input = item.querySelector(".suggestion-title");
    const error = item.querySelector(".suggestion-error");
    const title = input.value.trim().replace(/\s+/g, " ");
    const ideaIds = Array.from(item.querySelectorAll(".suggestion-ideas input:checked"),
      (box) => Number(box.value));
    let why = null;
    if (!title) why = t("cluster_title_empty");
    else if (titleTaken(screen.state().clusters, title)) why = t("cluster_title_taken", { title });
    else if (!ideaIds.length) why = t("suggestion_empty");
    if (why) { showFieldError(input, error, why); screen.announce(why); input.focus(); return; }
    const res = await live.request("cluster:create",
      { workshop_id: workshopId, title, idea_ids: ideaIds });
    if (!res.ok) {
      const message = res.offline ? t("not_connected") : res.error.message;
      showFieldError(input, error, message);
      screen.announce(message);
      input.focus();
      return;
    }
    clearFieldError(input, error);
    const state = screen.state();
    state.clusters = applyClusterEvent(state.clusters, "cluster:added", res);
    ideaIds.forEach((id) => {
      const idea = screen.findIdea(id);
      if (idea) upsert(state.ideas, { ...idea, cluster_id: res.cluster.id });
    });
    screen.render();
    done(item, t("suggestion_accepted", { title: res.cluster.title, n: ideaIds.length }));
  }

  list.addEventListener("click", (event) => {
    const act = event.target.closest("button[data-suggestion-act]");
    if (!act) return;
    const item = act.closest(".suggestion");
    if (act.dataset.suggestionAct === "accept") accept(item);
    else done(item, t("suggestion_discarded", { title: item.querySelector(".suggestion-title").value }));
  });
  list.addEventListener("input", (event) => {
    const item = event.target.closest(".suggestion");
    const error = item && item.querySelector(".suggestion-error");
    if (error && !error.hidden) clearFieldError(item.querySelector(".suggestion-title"), error);
  });
  byId("suggestions-close").addEventListener("click", () => {
    list.replaceChildren();
    panel.hidden = true;
    button.focus();
  });
}
