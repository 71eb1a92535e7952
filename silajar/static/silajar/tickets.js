// Complaint desk: the phone-call intake screen (caller typeahead, keyboard only).
// No inline scripts (the CSP forbids them); HTMX does the fetching, this only wires keys.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.intake-form");
  if (!form) return;
  const search = form.querySelector("#caller-search");
  const results = form.querySelector("#caller-results");
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const picks = () => Array.from(results.querySelectorAll(".caller-pick"));

  let pendingLocation = "";
  const placeLocation = () => {
    const location = field("location");
    if (pendingLocation && location.querySelector(`option[value="${pendingLocation}"]`)) {
      location.value = pendingLocation;
      location.dispatchEvent(new Event("change", { bubbles: true })); // the place's evidence
    }
    pendingLocation = "";
  };

  const pick = (button) => {
    const data = button.dataset;
    field("reporter").value = data.reporter || "";
    if (data.name) field("reporter_name").value = data.name;
    if (data.phone) field("reporter_phone").value = data.phone;
    if (data.unit) field("reporter_unit").value = data.unit;
    const organization = field("organization");
    // the caller's usual place (of their last ticket), once the agency's places are there
    pendingLocation = data.location || "";
    if (data.organization && organization.value !== data.organization) {
      organization.value = data.organization;
      // HTMX listens for "change" and loads the agency's locations
      organization.dispatchEvent(new Event("change", { bubbles: true }));
    } else {
      placeLocation();
    }
    results.innerHTML = "";
    search.setAttribute("aria-expanded", "false");
    (data.name ? field("location") : field("reporter_name")).focus();
  };

  results.addEventListener("click", (event) => {
    const button = event.target.closest(".caller-pick");
    if (button) pick(button);
  });
  results.addEventListener("keydown", (event) => {
    const items = picks();
    const index = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < items.length - 1) {
      items[index + 1].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      (index > 0 ? items[index - 1] : search).focus();
      event.preventDefault();
    } else if (event.key === "Escape") {
      results.innerHTML = "";
      search.focus();
    }
  });
  search.addEventListener("keydown", (event) => {
    const items = picks();
    if (event.key === "ArrowDown" && items.length) {
      items[0].focus();
      event.preventDefault();
    } else if (event.key === "Enter") {
      // Enter in the search box picks the first match instead of submitting the call
      event.preventDefault();
      if (items.length) pick(items[0]);
    } else if (event.key === "Escape") {
      results.innerHTML = "";
    }
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target === results) {
      search.setAttribute("aria-expanded", picks().length ? "true" : "false");
    } else if (event.detail.target === field("location")) {
      placeLocation();
    }
  });
  // typing a name by hand after picking an account: the ticket is no longer that account's
  field("reporter_name").addEventListener("input", () => {
    field("reporter").value = "";
  });
});
