// The console's phase buttons: the step forward is the primary button, a step back (to
// collecting, or from results back to voting) is secondary, and closing the workshop is the
// danger button, confirmed first.
import { byId } from "./dom.js";
import { PHASE, PHASE_ORDER, STEP_ORDER, stepKind } from "./phases.js";

const STYLE = { forward: "primary", skip: "secondary", back: "secondary", close: "danger" };

export function phaseButtons(screen, phaseNames) {
  const { live, t, workshopId } = screen;
  const box = byId("phase-buttons");
  let drawn = null;

  box.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-phase]");
    if (!button) return;
    const phase = button.dataset.phase;
    if (phase === PHASE.CLOSED && !window.confirm(t("confirm_phase", { phase: phaseNames[phase] }))) return;
    const res = await live.request("phase:set", { workshop_id: workshopId, phase });
    if (!res.ok) screen.announce(res.offline ? t("not_connected") : res.error.message);
  });

  return {
    render() {
      const state = screen.state();
      const phase = state.workshop.phase;
      if (phase === drawn) return;
      drawn = phase;
      const hadFocus = box.contains(document.activeElement);
      const rank = (p) => STEP_ORDER.indexOf(stepKind(phase, p));
      const next = PHASE_ORDER.filter((p) => (state.next_phases || []).includes(p))
        .sort((a, b) => rank(a) - rank(b));
      box.replaceChildren(...next.map((p) => {
        const kind = stepKind(phase, p);
        const button = document.createElement("button");
        button.type = "button";
        button.className = `button ${STYLE[kind]}`;
        button.dataset.phase = p;
        button.dataset.step = kind;
        button.textContent = t(kind === "back" ? "back_to" : "move_to", { phase: phaseNames[p] });
        return button;
      }));
      if (hadFocus) (box.querySelector("button") || byId("phase-title")).focus();
    },
  };
}
