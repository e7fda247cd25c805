// mcr-web's only script (the CSP allows no inline script). Everything is delegated from the document,
// so it also works for content that htmx swaps in.
(function () {
  "use strict";

  function copy(button, text) {
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.classList.add("copied");
      setTimeout(function () { button.textContent = label; button.classList.remove("copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function updateSelection(name) {
    var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    var checked = 0;
    boxes.forEach(function (box) { if (box.checked) { checked++; } });
    document.querySelectorAll('[data-needs-selection="' + name + '"]').forEach(function (button) {
      button.disabled = checked === 0;
      var base = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", base);
      button.textContent = checked > 0 ? base + " (" + checked + ")" : base;
    });
    document.querySelectorAll('[data-select-all="' + name + '"]').forEach(function (all) {
      all.checked = boxes.length > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy], [data-copy-from]");
    if (!button) { return; }
    var text = button.getAttribute("data-copy");
    if (text === null) {
      var source = document.getElementById(button.getAttribute("data-copy-from"));
      text = source ? source.textContent : "";
    }
    copy(button, text);
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-select-all]")) {
      var name = target.getAttribute("data-select-all");
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) { box.checked = target.checked; });
      updateSelection(name);
    } else if (target.matches("input[type=checkbox][name]")) {
      updateSelection(target.name);
    }
  });

  // A form that changes something irreversibly asks first; htmx forms ask through hx-confirm instead.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-confirm") || form.hasAttribute("hx-post")) { return; }
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function init() {
    document.querySelectorAll("[data-needs-selection]").forEach(function (button) {
      updateSelection(button.getAttribute("data-needs-selection"));
    });
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
