// Feedback at the end of the seminar. The console's switch, the board's QR code and the phone's
// link show or hide with `feedback_open` in the workshop's state: each screen calls
// followFeedback(state) when it draws. The switch itself sends over HTTP and stays on the page.

/** Show what belongs to open feedback ([data-feedback-open]) or to closed ([data-feedback-closed]). */
export function followFeedback(state) {
  const open = Boolean(state && state.workshop && state.workshop.feedback_open);
  document.querySelectorAll("[data-feedback-open]").forEach((node) => { node.hidden = !open; });
  document.querySelectorAll("[data-feedback-closed]").forEach((node) => { node.hidden = open; });
  document.querySelectorAll("[data-feedback-next]").forEach((input) => { input.value = open ? "0" : "1"; });
}

const form = document.querySelector("form[data-feedback-switch]");

if (form) {
  const status = form.querySelector("[data-feedback-status]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const open = form.querySelector("[data-feedback-next]").value === "1";
    const button = form.querySelector("button[type=submit]:not([hidden])");
    if (button) button.setAttribute("aria-disabled", "true");
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": form.querySelector("input[name=csrf_token]").value,
        },
        body: JSON.stringify({ open }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
      followFeedback({ workshop: body });
      status.textContent = open ? form.dataset.opened : form.dataset.closed;
    } catch (error) {
      status.textContent = error.message || form.dataset.failed;
    } finally {
      if (button) button.removeAttribute("aria-disabled");
      const shown = form.querySelector("button[type=submit]:not([hidden])");
      if (shown) shown.focus();
    }
  });
}
