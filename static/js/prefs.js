// Display preferences (large text, high contrast), kept on this device.
// A classic script in <head>, so the saved choice applies before the first paint.
(function () {
  "use strict";
  var root = document.documentElement;
  var PREFIX = "koosloome:pref:";

  function read(name) {
    try { return window.localStorage.getItem(PREFIX + name); } catch (e) { return null; }
  }
  function write(name, value) {
    try {
      if (value) { window.localStorage.setItem(PREFIX + name, value); }
      else { window.localStorage.removeItem(PREFIX + name); }
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }
  function apply(name, value) {
    if (value) { root.setAttribute("data-" + name, value); }
    else { root.removeAttribute("data-" + name); }
  }

  apply("text", read("text"));
  apply("contrast", read("contrast"));

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll(".pref-toggle");
    Array.prototype.forEach.call(buttons, function (button) {
      var name = button.getAttribute("data-pref");
      var on = button.getAttribute("data-value");
      button.setAttribute("aria-pressed", String(root.getAttribute("data-" + name) === on));
      button.addEventListener("click", function () {
        var value = root.getAttribute("data-" + name) === on ? null : on;
        apply(name, value);
        write(name, value);
        button.setAttribute("aria-pressed", String(value === on));
      });
      if (button.parentNode) { button.parentNode.hidden = false; }
    });
  });
})();
