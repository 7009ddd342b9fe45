// Screen text from the page's translated strings, with "%(name)s" placeholders filled in.

// A counted message comes as {one, few, many, other}: the form for params.n is chosen by the
// page language's plural rules.
export function translator(strings, language = document.documentElement.lang || "et") {
  const plurals = new Intl.PluralRules(language);
  return (key, params = {}) => {
    let text = key in strings ? strings[key] : key;
    if (text && typeof text === "object") {
      text = text[plurals.select(Number(params.n) || 0)] ?? text.other;
    }
    return String(text).replace(
      /%\((\w+)\)[sd]/g, (whole, name) => (name in params ? String(params[name]) : whole));
  };
}

export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
