// zhibu: small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Just logged out: no report draft stays behind in this browser (a shared phone or PC).
  // tasks.js keeps them under "zhibu.report.<task>.<period>.<org>".
  if (document.querySelector("[data-clear-drafts]")) {
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (key && key.startsWith("zhibu.report.")) localStorage.removeItem(key);
      }
    } catch (_) { /* no storage: nothing kept */ }
  }
  // The navigation folds into a menu button on a phone (app.css); without this file it wraps.
  const toggle = document.getElementById("menu-toggle");
  const nav = document.getElementById("mainnav");
  if (toggle && nav) {
    document.documentElement.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }
  // A list's filters fold away on a phone (closed unless some are in force); wide, they show.
  if (window.matchMedia("(min-width: 720px)").matches) {
    for (const d of document.querySelectorAll("details.filters-box")) d.open = true;
  }
  for (const el of document.querySelectorAll("[data-confirm]")) {
    el.addEventListener("click", (e) => {
      if (!window.confirm(el.getAttribute("data-confirm"))) e.preventDefault();
    });
  }
  for (const el of document.querySelectorAll("[data-print]")) {
    el.addEventListener("click", () => window.print());
  }
  // "Select all" buttons (the board's, the receipts'): tick or untick the named checkboxes of
  // their form, or only those of one kind (`data-select-only`).
  for (const b of document.querySelectorAll("[data-select-all]")) {
    b.addEventListener("click", () => {
      const only = b.getAttribute("data-select-only");
      const name = b.getAttribute("data-select-all");
      const boxes = Array.from(b.form.querySelectorAll(`input[type=checkbox][name="${name}"]`))
        .filter((x) => !only || x.getAttribute("data-kind") === only);
      const all = boxes.every((x) => x.checked);
      for (const x of boxes) x.checked = !all;
    });
  }
  for (const sel of document.querySelectorAll("select[data-autosubmit]")) {
    sel.addEventListener("change", () => sel.form.submit());
    const button = sel.form.querySelector("button[type=submit]");
    if (button) button.hidden = true;
  }
});
