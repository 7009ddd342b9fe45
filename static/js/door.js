// The console's joining card: close the door when everyone is in, open it again if needed.
// Phones that have already joined always get back in; only new phones are turned away.
import { byId } from "./dom.js";

export function doorPanel({ live, t, announce, workshopId, state }) {
  const panel = byId("door-panel");
  if (!panel) return;
  const button = byId("door-button");
  let open = state.workshop.joining_open !== false;

  function draw() {
    panel.dataset.open = String(open);
    byId("door-state").textContent = t(open ? "door_state_open" : "door_state_closed");
    button.textContent = t(open ? "door_close" : "door_open");
    button.className = `button team-only ${open ? "danger" : "primary"}`;
  }

  live.listen((name, msg) => {
    const workshop = msg && msg.workshop;
    if (workshop && typeof workshop.joining_open === "boolean" && workshop.joining_open !== open) {
      open = workshop.joining_open;
      draw();
    }
  });

  button.addEventListener("click", async () => {
    const res = await live.request("workshop:update", { workshop_id: workshopId, joining_open: !open });
    if (!res.ok) {
      announce(res.offline ? t("not_connected") : res.error.message);
      return;
    }
    open = res.workshop.joining_open;
    draw();
    announce(t(open ? "door_opened" : "door_closed"));
  });
  draw();
}
