// Tapping a day opens its details in a dialog, above the calendar, instead of
// unfolding inside a narrow grid cell. Without this script the <details> element
// unfolds in place, so everything still works.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("day-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const body = dialog.querySelector(".dialog-body");

  document.querySelectorAll("details.day > summary").forEach((summary) => {
    summary.addEventListener("click", (event) => {
      event.preventDefault();
      const detail = summary.parentElement.querySelector(".detail");
      body.replaceChildren(detail.cloneNode(true));
      dialog.dataset.date = summary.parentElement.dataset.date;
      dialog.showModal();
    });
  });

  // A tap on the backdrop closes the dialog, as people expect on a phone.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });

  // Solving takes a second: a second tap must not post the form again (and make a second plan).
  // Listening on the document also covers the report forms copied into the dialog. The button
  // is not disabled, since the pressed button's value is part of what a report sends.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.method !== "post") return;
    if (form.dataset.sent) event.preventDefault();
    form.dataset.sent = "yes";
    form.setAttribute("aria-busy", "true");
  });

  // Back to a page kept in the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-sent]").forEach((form) => {
      delete form.dataset.sent;
      form.removeAttribute("aria-busy");
    });
  });

  // Select the subscribe URL in one tap, ready to copy.
  const feed = document.getElementById("feed-url");
  if (feed) feed.addEventListener("focus", () => feed.select());
});
