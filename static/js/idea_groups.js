// The console's ideas under their cluster headings ("Other" for those in none). Each idea's
// element is kept while it moves from one heading to another, with its checkbox and any open
// editor, so a selection survives every redraw.
import { fromTemplate, setDisabled, syncList } from "./dom.js";

const OTHER = "other";

/** The group's key in the page: "cluster-ID", or "other". */
export const groupKey = (cluster) => (cluster ? `cluster-${cluster.id}` : OTHER);

/** The cluster a group element stands for: its id, or null for "Other". */
export function groupCluster(section) {
  return section.dataset.key === OTHER ? null : Number(section.dataset.clusterId);
}

/**
 * Draw `groups` ([{ cluster, ideas }], see ideas.js grouped) into `container`: one section per
 * cluster with its number key (1–9, by place), title and counts, then "Other". With no
 * cluster at all, the ideas stand alone, without a heading. `editable`: the clusters may be
 * changed in this phase (their buttons show).
 */
export function drawIdeaGroups(container, groups, { t, withDots, editable, createIdea, fillIdea }) {
  const nodes = new Map(Array.from(container.querySelectorAll(".console-idea"),
    (node) => [node.dataset.key, node]));
  const alone = groups.length === 1;
  syncList(container, groups, (group) => groupKey(group.cluster),
    () => fromTemplate("tpl-cluster-group"),
    (section, group) => {
      fillGroup(section, group, groups, { t, withDots, editable, alone });
      placeIdeas(section.querySelector(".console-idea-list"), group.ideas, nodes,
        createIdea, fillIdea);
    });
}

function fillGroup(section, { cluster, ideas }, groups, { t, withDots, editable, alone }) {
  const index = groups.findIndex((group) => group.cluster === cluster);
  const key = section.dataset.key;
  const heading = section.querySelector(".cluster-heading");
  heading.id = `${key}-heading`;
  if (alone) section.removeAttribute("aria-labelledby");
  else section.setAttribute("aria-labelledby", heading.id);
  section.classList.toggle("is-other", !cluster);
  section.classList.toggle("is-alone", alone);
  section.querySelector(".cluster-head").hidden = alone;
  // The keys: 1–9 for the first nine clusters by place, 0 for "Other".
  const number = cluster ? index + 1 : 0;
  const hasKey = number <= 9;
  section.dataset.shortcut = hasKey ? String(number) : "";
  section.querySelector(".cluster-key").textContent = hasKey ? String(number) : "";
  section.querySelector(".cluster-key").hidden = !hasKey || !editable;
  section.querySelector(".cluster-title").textContent = cluster ? cluster.title : t("other_ideas");
  if (cluster) section.dataset.clusterId = String(cluster.id);
  const dots = ideas.reduce((sum, idea) => sum + (idea.hidden ? 0 : idea.votes || 0), 0);
  section.querySelector(".cluster-count").textContent = [t("cluster_ideas", { n: ideas.length }),
    ...(withDots ? [t("dots_count", { n: dots })] : [])].join(" · ");
  section.querySelector(".cluster-empty").hidden = ideas.length > 0 || alone || !editable;
  section.querySelector(".cluster-actions").hidden = !cluster || !editable;
  if (!editable) section.querySelector(".cluster-rename").hidden = true;
  const last = index === groups.length - 2;  // "Other" is always the last group
  setDisabled(section.querySelector("[data-cluster-act=up]"), index === 0);
  setDisabled(section.querySelector("[data-cluster-act=down]"), last);
  section.querySelectorAll("[data-cluster-act]").forEach((button) => {
    button.setAttribute("aria-describedby", heading.id);
  });
  const form = section.querySelector(".cluster-rename");
  const input = form.querySelector(".rename-input");
  input.id = `${key}-rename`;
  form.querySelector(".rename-label").htmlFor = input.id;
  form.querySelector(".rename-error").id = `${key}-rename-error`;
}

function placeIdeas(list, ideas, nodes, createIdea, fillIdea) {
  ideas.forEach((idea, index) => {
    const key = String(idea.id);
    let node = nodes.get(key);
    if (!node) {
      node = createIdea(idea);
      node.dataset.key = key;
      nodes.set(key, node);
    }
    fillIdea(node, idea);
    if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
  });
  while (list.children.length > ideas.length) list.lastElementChild.remove();
}

/** The ids of the ideas whose checkboxes are ticked, in the order they are shown. */
export function selectedIdeaIds(container) {
  return Array.from(container.querySelectorAll(".select-box:checked"),
    (box) => Number(box.closest(".console-idea").dataset.key));
}

export function clearSelection(container) {
  container.querySelectorAll(".select-box:checked").forEach((box) => {
    box.checked = false;
    box.closest(".console-idea").classList.remove("is-selected");
  });
}
