// Signature pad: draw with a finger, pen or mouse on <canvas data-signature-canvas> inside
// [data-signature-pad]; the drawing is written as a PNG data URL into the hidden
// <input data-signature-input>; [data-signature-clear] empties both. No inline scripts (CSP).
(function () {
  "use strict";

  function setUp(pad) {
    if (pad.dataset.signatureReady) return;
    pad.dataset.signatureReady = "1";
    const canvas = pad.querySelector("[data-signature-canvas]");
    const input = pad.querySelector("[data-signature-input]");
    const clear = pad.querySelector("[data-signature-clear]");
    const status = pad.querySelector("[data-signature-status]");
    if (!canvas || !input) return;
    const context = canvas.getContext("2d");
    let drawing = false;
    let hasInk = false;
    let last = null;

    // Pointer gestures draw instead of scrolling or zooming the page.
    canvas.style.touchAction = "none";
    canvas.style.cursor = "crosshair";

    function resize() {
      // Match the drawing buffer to the displayed size (sharp on phones, at most 2x).
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      const width = canvas.clientWidth || 300;
      const height = canvas.clientHeight || 200;
      const keep = hasInk ? canvas.toDataURL("image/png") : null;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#0a1f44";
      if (keep) {
        const image = new Image();
        image.onload = () => context.drawImage(image, 0, 0, width, height);
        image.src = keep;
      }
    }

    function point(event) {
      const box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    function save() {
      input.value = hasInk ? canvas.toDataURL("image/png") : "";
      if (status) status.textContent = hasInk ? status.dataset.signed || "✓" : "";
    }

    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      context.beginPath();
      context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
      context.fillStyle = context.strokeStyle;
      context.fill();
      hasInk = true;
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      event.preventDefault();
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      for (const each of events.length ? events : [event]) {
        const next = point(each);
        context.beginPath();
        context.moveTo(last.x, last.y);
        context.lineTo(next.x, next.y);
        context.stroke();
        last = next;
      }
    });
    function finish(event) {
      if (!drawing) return;
      drawing = false;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      save();
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    canvas.addEventListener("pointerleave", finish);

    if (clear) {
      clear.addEventListener("click", () => {
        context.clearRect(0, 0, canvas.width, canvas.height);
        hasInk = false;
        save();
      });
    }
    // Keyboard users and screen readers can't draw: the scan upload is the alternative.
    window.addEventListener("resize", resize);
    resize();
  }

  function init() {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
