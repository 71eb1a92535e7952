// Installation requests. No inline scripts (the CSP forbids them).
// 1. The survey's equipment rows: [data-item-add] appends a copy of <template data-item-template>
//    (its "__i__" replaced by the next row number), [data-item-remove] removes its row.
// 2. The request letter's download links ([data-letter-link]) carry what is typed in the form,
//    so the letter comes pre-filled; without this script they give the letter with blanks.
(function () {
  "use strict";

  function setUpItems(form) {
    const rows = form.querySelector("[data-item-rows]");
    const template = form.querySelector("template[data-item-template]");
    const add = form.querySelector("[data-item-add]");
    if (!rows || !template || !add) return;
    let next = rows.querySelectorAll("[data-item-row]").length;
    add.addEventListener("click", () => {
      next += 1;
      const html = template.innerHTML.replaceAll("__i__", String(next));
      rows.insertAdjacentHTML("beforeend", html);
      const inserted = rows.lastElementChild;
      const first = inserted && inserted.querySelector("input");
      if (first) first.focus();
    });
    rows.addEventListener("click", (event) => {
      const remove = event.target.closest("[data-item-remove]");
      if (!remove) return;
      const row = remove.closest("[data-item-row]");
      if (row) row.remove();
      add.focus();
    });
  }

  const LETTER_FIELDS = [
    "organization", "letter_number", "letter_date", "subject", "signatory_name",
    "signatory_title", "signatory_nip", "description", "location", "location_detail",
    "network_points",
    "access_points", "desired_date",
  ];

  function setUpLetterLinks() {
    const form = document.querySelector("form[data-request-form]");
    if (!form) return;
    document.querySelectorAll("[data-letter-link]").forEach((link) => {
      const base = link.getAttribute("href").split("?")[0];
      link.addEventListener("click", () => {
        const query = new URLSearchParams();
        LETTER_FIELDS.forEach((name) => {
          const field = form.elements.namedItem(name);
          if (field && field.value) query.set(name, field.value);
        });
        link.setAttribute("href", query.toString() ? `${base}?${query}` : base);
      });
    });
  }

  function init() {
    document.querySelectorAll("form[data-survey-form]").forEach(setUpItems);
    setUpLetterLinks();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
