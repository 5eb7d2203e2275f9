// zhibu: nothing typed is lost, and an over-long text is refused where it is typed.
//
// Forms marked `data-keep="<name>"` keep what is typed in this tab's sessionStorage
// ("zhibu.form.<name>") until the server has taken it. A submit marks the copy pending; the next
// page decides: the same form again (the server refused and showed it again) or the login or
// an error page (the session ran out) keep it; any other page means it was saved, and the copy
// goes. When a form opens with a kept copy that differs from what it shows, a banner offers it
// back. Logging out clears the tab's storage (Clear-Site-Data), so nothing stays on a shared PC.
//
// Text areas with `data-max-chars` count their characters as they are typed and stop their
// form's submit over the limit, saying so beside the field (the server refuses it too).
(() => {
  const PREFIX = "zhibu.form.";
  const store = (() => {
    try { return window.sessionStorage; } catch (_) { return null; }
  })();
  const read = (key) => {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (_) { return null; }
  };
  const write = (key, value) => {
    try { store.setItem(key, JSON.stringify(value)); } catch (_) { /* full: not kept */ }
  };
  // Fields worth keeping: what a person types or picks, never tokens, files or passwords.
  const kept = (form) => Array.from(form.elements).filter((el) =>
    el.name && el.name !== "csrf_token" && !el.disabled &&
    !["hidden", "file", "password", "submit", "button"].includes(el.type));
  const valuesOf = (form) => {
    const values = {};
    for (const el of kept(form)) {
      if (el.type === "checkbox" || el.type === "radio") {
        (values[el.name] = values[el.name] || []);
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = el.value;
      }
    }
    return values;
  };
  const fill = (form, values) => {
    for (const el of kept(form)) {
      if (!(el.name in values)) continue;
      const v = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = v.includes(el.value);
      else el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };
  const differs = (form, values) => {
    const now = valuesOf(form);
    return Object.keys(values).some((k) => k in now &&
      JSON.stringify(now[k]) !== JSON.stringify(values[k]) &&
      JSON.stringify(values[k]) !== JSON.stringify(Array.isArray(values[k]) ? [] : ""));
  };

  const settle = (forms) => {
    if (!store) return;
    const here = new Set(forms.map((f) => PREFIX + f.dataset.keep));
    const holding = document.body.hasAttribute("data-holds-drafts");
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (!key || !key.startsWith(PREFIX)) continue;
      const entry = read(key);
      if (!entry || !entry.pending) continue;
      if (here.has(key)) { entry.pending = false; write(key, entry); }
      else if (!holding) store.removeItem(key);
    }
  };

  const offer = (form, entry, key) => {
    const t = document.body.dataset;
    const bar = document.createElement("div");
    bar.className = "banner keep-banner";
    bar.setAttribute("role", "status");
    const when = new Date(entry.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const text = document.createElement("span");
    text.textContent = (t.keepFound || "").replace("{time}", when);
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "primary";
    restore.textContent = t.keepRestore || "";
    const drop = document.createElement("button");
    drop.type = "button";
    drop.textContent = t.keepDiscard || "";
    restore.addEventListener("click", () => { fill(form, entry.values); bar.remove(); });
    drop.addEventListener("click", () => { store.removeItem(key); bar.remove(); });
    const actions = document.createElement("span");
    actions.className = "actions";
    actions.append(restore, drop);
    bar.append(text, actions);
    form.prepend(bar);
  };

  const keep = (form) => {
    const key = PREFIX + form.dataset.keep;
    const entry = read(key);
    // The server showed this form again with what was sent: nothing to offer.
    if (entry && !document.getElementById("form-error") && differs(form, entry.values)) {
      offer(form, entry, key);
    }
    const save = (pending) => write(key, { at: Date.now(), pending, values: valuesOf(form) });
    form.addEventListener("input", () => save(false));
    form.addEventListener("change", () => save(false));
    form.addEventListener("submit", (e) => { if (!e.defaultPrevented) save(true); });
  };

  const count = (area) => {
    const max = Number(area.dataset.maxChars);
    const note = document.getElementById(area.getAttribute("aria-describedby"));
    const length = () => Array.from(area.value).length;
    const show = () => {
      const n = length();
      const over = n > max;
      area.setAttribute("aria-invalid", over ? "true" : "false");
      if (!note) return;
      note.classList.toggle("error", over);
      note.textContent = over
        ? area.dataset.tooLong.replace("{chars}", n).replace("{max}", max)
        : area.dataset.countLabel.replace("{count}", n).replace("{max}", max);
    };
    area.addEventListener("input", show);
    show();
    area.form.addEventListener("submit", (e) => {
      if (length() > max) { e.preventDefault(); show(); area.focus(); }
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    // Counting first: a refused submit must not mark the kept copy pending.
    for (const area of document.querySelectorAll("textarea[data-max-chars]")) count(area);
    const forms = Array.from(document.querySelectorAll("form[data-keep]"));
    settle(forms);
    if (store) for (const form of forms) keep(form);
  });
})();
