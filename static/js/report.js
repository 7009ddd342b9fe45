// The seminar report: a print button, shown only when this script can print.

const button = document.querySelector("button[data-print]");

if (button && typeof window.print === "function") {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
