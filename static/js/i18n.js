// Screen text from the page's translated strings, with "%(name)s" placeholders filled in.

export function translator(strings) {
  return (key, params = {}) => String(key in strings ? strings[key] : key).replace(
    /%\((\w+)\)[sd]/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
