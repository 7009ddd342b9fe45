// The backlog table: a "select every idea on this page" box, shown only when this script runs.

const selectAll = document.querySelector("input[data-select-all]");

if (selectAll) {
  const name = selectAll.dataset.selectAll;
  const form = selectAll.form;
  const boxes = () => [...form.querySelectorAll(`input[type="checkbox"][name="${name}"]`)];

  const reflect = () => {
    const ticked = boxes().filter((box) => box.checked).length;
    selectAll.checked = ticked > 0 && ticked === boxes().length;
    selectAll.indeterminate = ticked > 0 && ticked < boxes().length;
  };

  selectAll.closest("label").hidden = false;
  document.querySelector(".select-all-fallback")?.remove();
  selectAll.addEventListener("change", () => {
    for (const box of boxes()) box.checked = selectAll.checked;
  });
  form.addEventListener("change", (event) => {
    if (event.target !== selectAll && event.target.name === name) reflect();
  });
  reflect();
}
