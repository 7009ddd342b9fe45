// The page's own elements: the data the server rendered into it, templates, keyed lists.

export const byId = (id) => document.getElementById(id);

/** The JSON the server put in <script id="page-data" type="application/json">. */
export function pageData() {
  return JSON.parse(byId("page-data").textContent);
}

/** A fresh copy of the <template id=...>'s first element. */
export function fromTemplate(id) {
  return byId(id).content.firstElementChild.cloneNode(true);
}

/**
 * Make a list show `items` in order, reusing each item's element (data-key) so a focused
 * button is never replaced; only new elements are inserted and gone ones removed.
 */
export function syncList(list, items, keyOf, create, update) {
  const wanted = new Set(items.map((item) => String(keyOf(item))));
  const existing = new Map();
  Array.from(list.children).forEach((node) => {
    if (wanted.has(node.dataset.key)) existing.set(node.dataset.key, node);
    else node.remove();
  });
  items.forEach((item, index) => {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (!node) {
      node = create(item);
      node.dataset.key = key;
    }
    update(node, item);
    const here = list.children[index];
    if (here !== node) list.insertBefore(node, here || null);
  });
}

/** A button that stays focusable and explains itself, but says it cannot be used now. */
export function setDisabled(button, disabled) {
  if (disabled) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}
