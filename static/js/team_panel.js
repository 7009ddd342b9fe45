// The team panel's forms (co-facilitators, a new board address, reopening) are plain HTML
// forms; this only asks before the ones that cannot be taken back.
export function teamPanel() {
  document.querySelectorAll(".team-panel form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}
