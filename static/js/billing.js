// The invoice draft form: add line rows; choosing an account reloads with its suggested lines.
document.addEventListener("DOMContentLoaded", () => {
  const addButton = document.querySelector("[data-add-line]");
  const template = document.getElementById("empty-line");
  const total = document.querySelector("input[name='lines-TOTAL_FORMS']");
  if (addButton && template && total) {
    addButton.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML.replaceAll("__prefix__", String(index));
      document.querySelector("#invoice-lines tbody").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  }
  const account = document.querySelector("select[data-suggest-url]");
  if (account) {
    account.addEventListener("change", () => {
      if (account.value) {
        window.location.search = "?account=" + encodeURIComponent(account.value);
      }
    });
  }
});
