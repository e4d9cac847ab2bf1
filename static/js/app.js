// Small behaviours that need no inline script (the CSP forbids inline scripts and handlers).
"use strict";

// Buttons with data-confirm ask before submitting their form.
function confirmBeforeSubmit(event) {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
}

// The navbar link of the current section is marked active.
function markActiveNavLink() {
  const path = window.location.pathname;
  document.querySelectorAll(".navbar .nav-link[href]").forEach((link) => {
    const href = link.getAttribute("href");
    if (href !== "/" && href !== "#" && path.startsWith(href)) {
      link.classList.add("active");
      link.setAttribute("aria-current", "page");
    }
  });
}

// <time data-local datetime="ISO"> shows the moment written the way the reader's language
// writes it, in the reader's time zone as the server knows it (their setting, else the
// agency's: <html data-time-zone>, the zone of the server's text), never the browser's, so
// the page and its e-mails agree. The server's text stays as the tooltip and without JavaScript.
function localizeTimes(root) {
  const lang = document.documentElement.lang || undefined;
  const timeZone = document.documentElement.dataset.timeZone || undefined;
  const style = { dateStyle: "medium", timeStyle: "short" };
  let format;
  try {
    format = new Intl.DateTimeFormat(lang, { ...style, timeZone });
  } catch (error) {
    try {
      format = new Intl.DateTimeFormat(undefined, { ...style, timeZone });
    } catch (unknownZone) {
      return; // a zone this browser does not know: the server's text is right already
    }
  }
  root.querySelectorAll("time[data-local][datetime]:not([data-localized])").forEach((element) => {
    const moment = new Date(element.getAttribute("datetime"));
    if (!Number.isNaN(moment.getTime())) {
      element.dataset.localized = "";
      element.title = element.textContent.trim();
      element.textContent = format.format(moment);
    }
  });
}

// An htmx request that failed without an explanation (404, 500, network) says so.
function showRequestError() {
  const box = document.getElementById("messages");
  if (!box) {
    return;
  }
  const alert = document.createElement("div");
  alert.className = "alert alert-danger alert-dismissible fade show shadow-sm";
  alert.setAttribute("role", "alert");
  alert.textContent = document.body.dataset.errorText;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn-close";
  close.dataset.bsDismiss = "alert";
  close.setAttribute("aria-label", document.body.dataset.closeText || "Close");
  alert.appendChild(close);
  box.appendChild(alert);
}

document.addEventListener("DOMContentLoaded", () => {
  document.body.addEventListener("click", confirmBeforeSubmit);
  markActiveNavLink();
  localizeTimes(document);
  if (window.htmx) {
    window.htmx.onLoad(localizeTimes);
    document.body.addEventListener("htmx:responseError", showRequestError);
    document.body.addEventListener("htmx:sendError", showRequestError);
  }
});
