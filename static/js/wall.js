// The wall of ideas on the board: as many ideas as the screen can hold at a size the back row
// can read, and pages when there are more.
//
// The cards flow through CSS columns that are exactly as high as the wall. The largest type
// at which every card fits in the wall's columns is chosen, down to a floor; below the floor
// the cards flow on into further columns to the right, and each screenful of columns is a
// page, shown in turn by sliding the flow. A card is never split between columns and nothing
// is drawn over another, since the browser's own column layout places every card.

const STEP = 0.92; // each smaller type size tried is this much of the one before

/** The type sizes to try, largest first, ending at the floor. */
export function sizesBetween(max, floor) {
  const sizes = [];
  for (let size = max; size > floor; size *= STEP) sizes.push(Math.round(size * 10) / 10);
  sizes.push(floor);
  return sizes;
}

export function wallLayout({ wall, flow, minColumnEm = 15, gapEm = 0.8 }) {
  let width = 0;
  let gap = 0;
  let layout = { size: 0, columns: 1, pages: 1, shownPages: 1, pageOf: new Map() };

  function attempt(size, groups) {
    flow.style.fontSize = `${size}px`;
    gap = size * gapEm;
    const columns = Math.max(1, Math.floor((width + gap) / (minColumnEm * size + gap)));
    flow.style.columnCount = String(columns);
    flow.style.columnGap = `${gap}px`;
    flow.classList.toggle("groups-as-columns", groups > 1 && groups <= columns);
    const left = flow.getBoundingClientRect().left;
    const step = (width + gap) / columns;
    const pageOf = new Map();
    let last = 0;
    let split = false;
    flow.querySelectorAll(".wall-card").forEach((card) => {
      const box = card.getBoundingClientRect();
      const column = Math.max(0, Math.round((box.left - left) / step));
      last = Math.max(last, column);
      // A card taller than a column is split between two: its box spans both.
      split ||= box.width > step;
      pageOf.set(card, Math.floor(column / columns));
    });
    const pages = Math.floor(last / columns) + 1;
    return { size, columns, pages: split ? Infinity : pages, shownPages: pages, pageOf };
  }

  return {
    get pages() { return layout.shownPages; },
    get size() { return layout.size; },
    /**
     * Lay the cards out at the largest size in `sizes` (largest first) at which they fit on
     * one screen, or at the last (the floor) on several pages.
     */
    fit(sizes) {
      width = wall.clientWidth;
      flow.style.width = `${width}px`;
      flow.style.height = `${wall.clientHeight}px`;
      flow.style.transform = "";
      const groups = flow.querySelectorAll(".wall-group:not([hidden])").length;
      // The largest size at which every card is on the first page. Not found by halving:
      // where the number of columns changes, a larger size can fit when a smaller one did not.
      const size = sizes.find((each) => attempt(each, groups).pages === 1);
      layout = size === undefined ? attempt(sizes[sizes.length - 1], groups) : attempt(size, groups);
      return layout;
    },
    /** Show one page: the others are slid out of the wall and hidden from screen readers. */
    show(page) {
      flow.style.transform = page ? `translateX(${-page * (width + gap)}px)` : "";
      layout.pageOf.forEach((onPage, card) => {
        const away = onPage !== page;
        card.classList.toggle("is-away", away);
        if (away) card.setAttribute("aria-hidden", "true");
        else card.removeAttribute("aria-hidden");
      });
    },
    cardsOn(page) {
      return [...layout.pageOf].filter(([, onPage]) => onPage === page).map(([card]) => card);
    },
  };
}

/** Whether a card's text is cut short by its line clamp. */
export function isClamped(card) {
  const text = card.querySelector(".card-text");
  return Boolean(text) && text.scrollHeight > text.clientHeight + 2;
}
