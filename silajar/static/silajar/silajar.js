// SiLaJar page behaviour. No inline scripts anywhere (the CSP forbids them).

// Every form is checked by the server alone: its translated message, once under each field,
// never the browser's own bubble beside it (`required` stays on the inputs for assistive
// technology). The one place forms get `novalidate`, those HTMX loads included.
const serverValidated = (root) => {
  if (root instanceof HTMLFormElement) root.noValidate = true;
  root.querySelectorAll?.("form").forEach((form) => { form.noValidate = true; });
};
document.addEventListener("htmx:load", (event) => serverValidated(event.target));
document.addEventListener("DOMContentLoaded", () => {
  serverValidated(document);
  // HTMX requests carry the CSRF token.
  document.body.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
  });
  // <select data-autosubmit> submits its form on change (language switch, list filters).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // <button data-confirm="..."> asks before submitting.
  document.querySelectorAll("[data-confirm]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
});
