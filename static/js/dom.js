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

/** Show a refusal beside the field it is about, tied to the field for screen readers. */
export function showFieldError(input, box, message) {
  box.textContent = message;
  box.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", box.id);
}

export function clearFieldError(input, box) {
  box.hidden = true;
  box.textContent = "";
  input.removeAttribute("aria-invalid");
  input.removeAttribute("aria-describedby");
}

/**
 * Note the focused element before a redraw, to put the focus back on it after (moving a
 * node to another place in the page blurs it).
 */
export function rememberFocus() {
  const before = document.activeElement;
  return {
    restore() {
      if (before && before !== document.body && before !== document.activeElement
          && before.isConnected && !before.closest("[hidden]")) {
        before.focus({ preventScroll: true });
      }
    },
  };
}

/**
 * Give a <select> these [value, label] options after its first (the "Choose…" prompt),
 * keeping the choice while it is still offered; untouched when nothing changed, so an open
 * list does not close under the person choosing.
 */
export function fillSelect(select, options) {
  const value = select.value;
  const first = select.options[0];
  const next = options.map(([optionValue, label]) => new Option(label, optionValue));
  const same = next.length === select.options.length - 1
    && next.every((o, i) => o.value === select.options[i + 1].value && o.text === select.options[i + 1].text);
  if (same) return;
  select.replaceChildren(first, ...next);
  select.value = options.some(([v]) => String(v) === value) ? value : "";
}
