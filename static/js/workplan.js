// Work plan and contact report pages (no inline script: the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  // "Add another action item": clone the formset's empty row, numbered, and count it.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-formset-add]");
    if (!button) {
      return;
    }
    const prefix = button.dataset.formsetAdd;
    const template = document.querySelector(`template[data-formset-template="${prefix}"]`);
    const rows = document.querySelector(`[data-formset-rows="${prefix}"]`);
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    if (!template || !rows || !total) {
      return;
    }
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
    if (first) {
      first.focus();
    }
  });

  // An htmx change the server refused (403, 409) and htmx did not swap in: show its reason.
  document.body.addEventListener("htmx:responseError", (event) => {
    const holder = event.target.closest("[data-refused]");
    const messages = document.getElementById("messages");
    if (!holder || !messages) {
      return;
    }
    const answer = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    const reason = answer.querySelector("[data-testid=plan-error]");
    const alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.textContent = reason ? reason.textContent.trim() : holder.dataset.refused;
    messages.replaceChildren(alert);
  });
});
