// The proposal form: the sum of support and own contribution, and the support rate, shown
// while the amounts are typed. The same rules as facilitation/proposal_money.py: amounts to the
// cent ("12 743,68" or "12743.68"), the rate rounded half up to two decimals.

const live = document.getElementById("budget-live");
const FIELDS = ["budget_total", "support_requested", "own_contribution_cash", "own_contribution_in_kind"];
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** Whole cents of a typed amount; 0 when empty, null when it is not an amount. */
export function cents(text) {
  const plain = String(text || "").replace(/[\s\u00a0\u202f']/g, "").replace(",", ".");
  if (plain === "") return 0;
  if (!AMOUNT.test(plain)) return null;
  const [euros, part = ""] = plain.split(".");
  return Number(euros) * 100 + Number(part.padEnd(2, "0"));
}

/** Support as hundredths of a percent of the total, rounded half up (null without a total). */
export function rateHundredths(support, total) {
  if (total <= 0) return null;
  const scaled = support * 10000;
  const whole = Math.floor(scaled / total);
  return 2 * (scaled - whole * total) >= total ? whole + 1 : whole;
}

if (live) {
  const lang = document.documentElement.lang || "et";
  // "always": group thousands as the server prints money ("5 256,32"), where the locale would not.
  const money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2,
    useGrouping: "always" });
  const euro = (c) => `${money.format(c / 100)}\u00a0€`;
  const percent = (h) => `${money.format(h / 100)}\u00a0%`;
  const fill = (template, values) => template.replace(/%\((\w+)\)s/g, (whole, name) => values[name] ?? whole);
  const inputs = FIELDS.map((name) => document.getElementById(name)).filter(Boolean);
  let pending = null;

  const show = () => {
    const [total, support, cash, kind] = FIELDS.map((name) => cents(document.getElementById(name)?.value));
    if ([total, support, cash, kind].some((value) => value === null)) {
      live.textContent = live.dataset.wrong;
    } else {
      const sum = support + cash + kind;
      const parts = [fill(live.dataset.sum, { sum: euro(sum), total: euro(total) })];
      const rate = rateHundredths(support, total);
      if (rate !== null) parts.push(fill(live.dataset.rate, { rate: percent(rate) }));
      if (sum < total) parts.push(fill(live.dataset.short, { gap: euro(total - sum) }));
      if (sum > total) parts.push(fill(live.dataset.over, { gap: euro(sum - total) }));
      live.textContent = parts.join(" ");
      live.classList.toggle("is-off", sum !== total);
    }
    live.hidden = false;
  };
  // Typing is shown at once; a screen reader hears it when the typing stops.
  inputs.forEach((input) => input.addEventListener("input", () => {
    clearTimeout(pending);
    live.setAttribute("aria-busy", "true");
    show();
    pending = setTimeout(() => live.removeAttribute("aria-busy"), 700);
  }));
  show();
}
