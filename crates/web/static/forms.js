// zhibu: nothing typed is lost, and an over-long text is refused where it is typed.
//
// Every form that sends typed text (a POST form with a text field or text area) keeps what is
// typed in this tab's sessionStorage ("zhibu.form.<name>") until the server has taken it: under
// its `data-keep` name, else under its page and target. Forms with passwords, the report form
// (tasks.js keeps its own drafts) and forms marked `data-no-keep` are left alone. A submit marks the copy pending; the next
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

  // After a submit: a login or error page holds the copy (the session ran out, the server
  // failed); the same form shown again with a refusal keeps it; any other page means the
  // server took it, and the copy goes.
  const settle = (forms) => {
    if (!store) return;
    const here = new Set(forms.map((f) => PREFIX + f.dataset.keep));
    const holding = document.body.hasAttribute("data-holds-drafts");
    const refused = !!document.querySelector("#form-error, .error[role=alert]");
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (!key || !key.startsWith(PREFIX)) continue;
      const entry = read(key);
      if (!entry || !entry.pending) continue;
      if (holding) { entry.pending = false; entry.held = true; write(key, entry); }
      else if (here.has(key) && refused) { entry.pending = false; write(key, entry); }
      else store.removeItem(key);
    }
  };

  const offer = (form, entry, key) => {
    const t = document.body.dataset;
    const bar = document.createElement("div");
    bar.className = "banner keep-banner";
    bar.setAttribute("role", "status");
    // In the page's language, not the browser's: a zh-CN page says 19:05.
    const when = new Date(entry.at).toLocaleTimeString(document.documentElement.lang || [],
      { hour: "2-digit", minute: "2-digit", hour12: false });
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

  const TYPED = "textarea, input:not([type]), input[type=text], input[type=search], " +
    "input[type=email], input[type=tel], input[type=url], input[type=number], " +
    "input[type=date], input[type=datetime-local]";
  // The forms whose typing is kept, each named once (the name goes in data-keep).
  const keepable = () => Array.from(document.querySelectorAll("form")).filter((f) => {
    if (f.dataset.keep) return true;
    if ((f.getAttribute("method") || "").toLowerCase() !== "post") return false;
    if (f.hasAttribute("data-no-keep") || f.id === "report-form") return false;
    if (f.querySelector("input[type=password]") || !f.querySelector(TYPED)) return false;
    f.dataset.keep = "auto:" + location.pathname + "|" + new URL(f.action, location.href).pathname;
    return true;
  });

  const keep = (form) => {
    const key = PREFIX + form.dataset.keep;
    form.dataset.kept = "1";
    const entry = read(key);
    // Typed here and not sent, or held while the session ran out: offered back when the form
    // shows something else (a refusal shows what was sent: nothing to offer).
    const refused = !!document.querySelector("#form-error, .error[role=alert]");
    if (entry && (entry.held || !refused) && differs(form, entry.values)) {
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
    const forms = keepable();
    settle(forms);
    if (store) for (const form of forms) keep(form);
  });
})();
