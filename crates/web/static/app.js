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
  for (const el of document.querySelectorAll("[data-confirm]")) {
    el.addEventListener("click", (e) => {
      if (!window.confirm(el.getAttribute("data-confirm"))) e.preventDefault();
    });
  }
  for (const el of document.querySelectorAll("[data-print]")) {
    el.addEventListener("click", () => window.print());
  }
  for (const sel of document.querySelectorAll("select[data-autosubmit]")) {
    sel.addEventListener("change", () => sel.form.submit());
    const button = sel.form.querySelector("button[type=submit]");
    if (button) button.hidden = true;
  }
});
