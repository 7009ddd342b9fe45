// Each idea's card in the console's list: its number in the workshop, text, details, groups,
// badges ("hidden", "from paper", "merged from #…") and dots; hiding it, and correcting it in
// the editor that opens in place. Paper-ballot dots on the card belong to console.js.
import { byId } from "./dom.js";
import { groupNames, upsert } from "./ideas.js";
import { PHASE, PHASE_ORDER } from "./phases.js";

export function ideaCards(screen) {
  const { live, t, announce, strings, label, labels } = screen;
  const list = byId("idea-list");
  const failed = (res) => announce(res.offline ? t("not_connected") : res.error.message);

  function fill(node, idea) {
    const { id } = idea;
    const state = screen.state();
    const textId = `idea-text-${id}`;
    const text = node.querySelector(".idea-text");
    text.id = textId;
    text.textContent = idea.text;
    node.classList.toggle("is-hidden", idea.hidden);
    node.querySelector(".idea-number").textContent = label(idea);
    node.querySelector(".select-label").textContent = t("select_idea", { number: label(idea) });
    const details = node.querySelector(".idea-details");
    details.textContent = idea.details || "";
    details.hidden = !idea.details;
    const tags = node.querySelector(".tags");
    tags.textContent = groupNames(strings, idea);
    tags.hidden = !tags.textContent;
    const sources = state.ideas.filter((other) => other.merged_into_id === id);
    const merged = node.querySelector(".merged-from");
    merged.textContent = sources.length ? t("merged_from", { numbers: labels(sources) }) : "";
    merged.hidden = !sources.length;
    node.querySelector(".badge-hidden").hidden = !idea.hidden;
    node.querySelector(".badge-paper").hidden = !idea.on_behalf;
    // Before voting a count of nothing says nothing; once there are dots they always show.
    node.querySelector(".console-votes").hidden = !idea.votes
      && PHASE_ORDER.indexOf(state.workshop.phase) < PHASE_ORDER.indexOf(PHASE.VOTING);
    node.querySelector(".vote-count").textContent = idea.votes || 0;
    node.querySelector(".votes-label").textContent = t("votes_label", { n: idea.votes || 0 });
    node.querySelector(".select-box").setAttribute("aria-describedby", textId);
    node.querySelectorAll("button[data-act]").forEach((b) => b.setAttribute("aria-describedby", textId));
    node.querySelector("[data-act=hide]").textContent = idea.hidden ? t("show") : t("hide");
    const form = node.querySelector(".idea-edit");
    form.id = `edit-${id}`;
    node.querySelector("[data-act=edit]").setAttribute("aria-controls", form.id);
    node.querySelector(".edit-text").id = `edit-text-${id}`;
    node.querySelector(".edit-text-label").htmlFor = `edit-text-${id}`;
    node.querySelector(".edit-details").id = `edit-details-${id}`;
    node.querySelector(".edit-details-label").htmlFor = `edit-details-${id}`;
  }

  function openEdit(node, idea) {
    const form = node.querySelector(".idea-edit");
    form.querySelector(".edit-text").value = idea.text;
    form.querySelector(".edit-details").value = idea.details || "";
    form.querySelectorAll(".edit-group").forEach((box) => {
      box.checked = (idea.target_groups || []).includes(box.value);
    });
    form.hidden = false;
    node.querySelector("[data-act=edit]").setAttribute("aria-expanded", "true");
    form.querySelector(".edit-text").focus();
  }

  function closeEdit(node) {
    node.querySelector(".idea-edit").hidden = true;
    const edit = node.querySelector("[data-act=edit]");
    edit.setAttribute("aria-expanded", "false");
    edit.focus();
  }

  list.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const node = button.closest("li");
    const idea = screen.findIdea(Number(node.dataset.key));
    const act = button.dataset.act;
    if (act === "edit") {
      if (node.querySelector(".idea-edit").hidden) openEdit(node, idea); else closeEdit(node);
    } else if (act === "cancel") {
      closeEdit(node);
    } else if (act === "hide") {
      const res = await live.request("idea:hide", { idea_id: idea.id, hidden: !idea.hidden });
      if (!res.ok) { failed(res); return; }
      upsert(screen.state().ideas, res.idea);
      announce(res.idea.hidden ? t("idea_hidden") : t("idea_shown"));
      screen.render();
    }
  });

  list.addEventListener("submit", async (event) => {
    if (!event.target.classList.contains("idea-edit")) return;
    event.preventDefault();
    const form = event.target;
    const node = form.closest("li");
    const res = await live.request("idea:edit", {
      idea_id: Number(node.dataset.key),
      text: form.querySelector(".edit-text").value,
      details: form.querySelector(".edit-details").value,
      target_groups: Array.from(form.querySelectorAll(".edit-group:checked"), (box) => box.value),
    });
    if (!res.ok) { failed(res); return; }
    upsert(screen.state().ideas, res.idea);
    screen.render();
    closeEdit(node);
    announce(t("idea_saved"));
  });

  list.addEventListener("keydown", (event) => {
    const form = event.target.closest(".idea-edit");
    if (event.key === "Escape" && form) closeEdit(form.closest("li"));
  });

  return { fill };
}
