// The moderation queue: with moderation on, ideas from phones wait here (pending) until the
// facilitator approves them (idea:approve: they reach the board and the phones, numbered), or
// edits then approves them, or rejects them (idea:reject: kept, hidden). Several can be
// approved at once. Waiting ideas never appear in the list of ideas below.
import { byId, clearFieldError, fromTemplate, showFieldError, syncList } from "./dom.js";
import { groupNames, upsert } from "./ideas.js";

export function moderationQueue(screen) {
  const { live, t, report, workshopId, strings } = screen;
  const panel = byId("moderation-panel");
  const list = byId("pending-list");
  const status = byId("moderation-status");
  const all = byId("pending-select-all");

  // Ideas whose approval or rejection is on its way leave the queue at once, so a second
  // quick click lands on the next idea, never on the same one again; a refusal brings them back.
  const deciding = new Set();
  const waiting = () => screen.state().ideas.filter(
    (idea) => idea.pending && !idea.hidden && !deciding.has(idea.id));
  const selected = () => Array.from(list.querySelectorAll(".pending-box:checked"),
    (box) => Number(box.closest("li").dataset.key));

  function fill(node, idea) {
    const key = `pending-${idea.id}`;
    const text = node.querySelector(".idea-text");
    text.id = `${key}-text`;
    text.textContent = idea.text;
    const details = node.querySelector(".idea-details");
    details.textContent = idea.details || "";
    details.hidden = !idea.details;
    const tags = node.querySelector(".tags");
    tags.textContent = groupNames(strings, idea);
    tags.hidden = !tags.textContent;
    node.querySelectorAll(".pending-box, button[data-pending-act]")
      .forEach((el) => el.setAttribute("aria-describedby", text.id));
    const form = node.querySelector(".pending-edit");
    form.id = `${key}-edit`;
    node.querySelector("[data-pending-act=edit]").setAttribute("aria-controls", form.id);
    const field = form.querySelector(".pending-edit-text");
    field.id = `${key}-edit-text`;
    form.querySelector(".pending-edit-label").htmlFor = field.id;
    form.querySelector(".pending-edit-error").id = `${key}-edit-error`;
  }

  /** The focus moves on to the next waiting idea (or the queue's heading) as ideas leave it. */
  function focusAfter(ids) {
    const nodes = Array.from(list.children);
    const last = nodes.map((node) => ids.includes(Number(node.dataset.key))).lastIndexOf(true);
    const stays = (node) => !ids.includes(Number(node.dataset.key));
    const next = nodes.slice(last + 1).find(stays) || nodes.slice(0, last).reverse().find(stays);
    return () => (next ? next.querySelector("[data-pending-act=approve]") : byId("moderation-title")).focus();
  }

  async function decide(ids, approve) {
    const state = screen.state();
    const ideas = ids.map(screen.findIdea).filter(Boolean);
    const refocus = focusAfter(ids);
    ids.forEach((id) => deciding.add(id));
    screen.render();
    refocus();
    let res;
    try {
      res = await live.request(approve ? "idea:approve" : "idea:reject",
        { workshop_id: workshopId, idea_ids: ids });
    } finally {
      ids.forEach((id) => deciding.delete(id));
    }
    if (!res.ok) {
      screen.render();
      report(status, res.offline ? t("not_connected") : res.error.message, { error: true });
      return false;
    }
    res.ideas.forEach((idea) => upsert(state.ideas, idea));
    all.checked = false;
    screen.render();
    report(status, approve ? t("approved", { numbers: screen.labels(res.ideas) })
      : t("rejected", { text: ideas.map((idea) => idea.text).join("; ") }));
    return true;
  }

  function closeEdit(node) {
    node.querySelector(".pending-edit").hidden = true;
    const edit = node.querySelector("[data-pending-act=edit]");
    edit.setAttribute("aria-expanded", "false");
    edit.focus();
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-pending-act]");
    if (!button) return;
    const node = button.closest("li");
    const id = Number(node.dataset.key);
    const act = button.dataset.pendingAct;
    if (act === "approve" || act === "reject") {
      decide([id], act === "approve");
    } else if (act === "edit") {
      const form = node.querySelector(".pending-edit");
      if (!form.hidden) { closeEdit(node); return; }
      const field = form.querySelector(".pending-edit-text");
      field.value = screen.findIdea(id).text;
      clearFieldError(field, form.querySelector(".pending-edit-error"));
      form.hidden = false;
      button.setAttribute("aria-expanded", "true");
      field.focus();
    } else if (act === "cancel") {
      closeEdit(node);
    }
  });

  list.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const node = form.closest("li");
    const id = Number(node.dataset.key);
    const field = form.querySelector(".pending-edit-text");
    const error = form.querySelector(".pending-edit-error");
    const res = await live.request("idea:edit", { idea_id: id, text: field.value });
    if (!res.ok) {
      const message = res.offline ? t("not_connected") : res.error.message;
      showFieldError(field, error, message);
      screen.announce(message);
      field.focus();
      return;
    }
    upsert(screen.state().ideas, res.idea);
    decide([id], true);
  });

  list.addEventListener("keydown", (event) => {
    const form = event.target.closest(".pending-edit");
    if (event.key === "Escape" && form) closeEdit(form.closest("li"));
  });

  all.addEventListener("change", () => {
    list.querySelectorAll(".pending-box").forEach((box) => { box.checked = all.checked; });
  });
  list.addEventListener("change", (event) => {
    if (event.target.classList.contains("pending-box") && !event.target.checked) all.checked = false;
  });

  byId("approve-selected").addEventListener("click", () => {
    const ids = selected();
    if (!ids.length) { report(status, t("approve_need_selection"), { error: true }); return; }
    decide(ids, true);
  });

  return {
    render() {
      const ideas = waiting();
      panel.hidden = !(screen.state().workshop.settings.moderation || ideas.length);
      syncList(list, ideas, (idea) => idea.id, () => fromTemplate("tpl-pending-idea"), fill);
      byId("no-pending").hidden = ideas.length > 0;
      byId("pending-count").textContent = ideas.length ? `(${ideas.length})` : "";
      byId("moderation-bulk").hidden = ideas.length < 2;
    },
  };
}
