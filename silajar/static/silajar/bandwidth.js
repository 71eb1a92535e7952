// The bandwidth distribution. No inline scripts (the CSP forbids them).
// 1. The queue form ([data-live-sum-form]) shows, as one types, the guaranteed sum the change
//    would make: against the contract's capacity for a top-level queue, against its parent's
//    CIR for one under a parent. The numbers come from <script id="live-sum-data"> (JSON);
//    the sentences from <template data-text-total> and <template data-text-parent>.
// 2. Progress bars ([data-width]) take their width from the attribute.
(function () {
  "use strict";

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, (match, name) => String(values[name] ?? match));
  }

  function setUpLiveSum(form) {
    const source = document.getElementById("live-sum-data");
    const output = form.querySelector("[data-live-sum]");
    const cir = form.querySelector("[name=cir_mbps]");
    const parent = form.querySelector("[name=parent]");
    const total = form.querySelector("template[data-text-total]");
    const under = form.querySelector("template[data-text-parent]");
    if (!source || !output || !cir || !parent || !total || !under) return;
    const data = JSON.parse(source.textContent);
    function update() {
      const value = parseInt(cir.value, 10) || 0;
      const chosen = data.parents[parent.value];
      let over;
      if (chosen) {
        const sum = chosen.under + value;
        over = sum > chosen.cir;
        output.textContent = fill(under.innerHTML.trim(), { parent: chosen.name, sum: sum, cir: chosen.cir });
      } else {
        const sum = data.cir + value;
        over = sum > data.capacity;
        output.textContent = fill(total.innerHTML.trim(), { sum: sum, capacity: data.capacity });
      }
      output.classList.toggle("text-danger", over);
      output.classList.toggle("fw-bold", over);
    }
    cir.addEventListener("input", update);
    parent.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-live-sum-form]").forEach(setUpLiveSum);
  document.querySelectorAll("[data-width]").forEach((bar) => {
    bar.style.width = Math.min(100, parseInt(bar.dataset.width, 10) || 0) + "%";
  });
})();
