// zhibu task pages: the report-form editor, autosave of reports, table rows, board tools.
// Every page works without this file: the editor's JSON box and the plain form post as they are.
(function () {
  "use strict";

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const el = (tag, attrs, children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k === "checked" || k === "hidden" || k === "disabled") e[k] = !!v;
      else if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    for (const c of children || []) if (c) e.appendChild(c);
    return e;
  };
  const hhmm = (d) => String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");

  // --- Recurrence: a one-off task has a deadline, a recurring one a first day and due days.
  function recurrence() {
    const sel = $("select[data-recurrence]");
    if (!sel) return;
    const apply = () => {
      const once = sel.value === "once";
      for (const b of $$("[data-when=once]")) b.hidden = !once;
      for (const b of $$("[data-when=recurring]")) b.hidden = once;
    };
    sel.addEventListener("change", apply);
    apply();
  }

  // --- Board tools: copy the 通报, select every waiting report.
  function boardTools() {
    for (const b of $$("[data-copy]")) {
      b.addEventListener("click", async () => {
        const area = document.getElementById(b.getAttribute("data-copy"));
        if (!area) return;
        try {
          await navigator.clipboard.writeText(area.value);
        } catch (_) {
          area.select();
          document.execCommand("copy");
        }
        const label = b.textContent;
        b.textContent = b.getAttribute("data-copied") || label;
        setTimeout(() => (b.textContent = label), 2000);
      });
    }
  }

  // --- The form editor: builds the fields list and writes it into the JSON textarea.
  const PROPS = {
    short_text: ["max_length"],
    long_text: ["max_length"],
    number: ["unit", "min", "max", "integer"],
    date: [],
    single_choice: ["options"],
    multiple_choice: ["options", "min_choices", "max_choices"],
    yes_no: [],
    files: ["max_files"],
    table: ["columns", "min_rows", "max_rows"],
    member_picker: ["multiple"],
    record_link: ["record_kind", "multiple"],
  };
  const COMMON = ["key", "label", "type", "required", "help"];
  const IN_TABLE = ["short_text", "long_text", "number", "date", "single_choice", "multiple_choice", "yes_no"];
  const KEY = /^[a-z][a-z0-9_]{0,39}$/;

  function formEditor() {
    const host = $("#form-editor");
    const area = $("#form-json");
    if (!host || !area) return;
    const text = JSON.parse(host.getAttribute("data-text") || "{}");
    const types = (host.getAttribute("data-types") || "").split("|").map((p) => p.split("="));
    const typeLabel = Object.fromEntries(types);
    let model = null;
    const box = $("#json-box");

    const slug = (label) => {
      const s = (label || "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
      return KEY.test(s) ? s : "";
    };
    const unique = (list, base, prefix) => {
      const used = new Set(list.map((f) => f.key).filter(Boolean));
      if (base && !used.has(base)) return base;
      for (let i = 1; ; i++) if (!used.has(prefix + i)) return prefix + i;
    };
    const fillKeys = (list, prefix) => {
      for (const f of list) {
        if (!f.key) f.key = unique(list, slug(f.label), prefix);
        if (f.type === "table" && Array.isArray(f.columns)) fillKeys(f.columns, "col_");
      }
    };
    const write = () => {
      fillKeys(model.fields, "field_");
      for (const k of $$("input[data-key-of]", host)) {
        const f = k._field;
        if (f && !k.value && f.key) k.value = f.key;
      }
      area.value = JSON.stringify(model, null, 2);
    };
    const setType = (f, type, inTable) => {
      f.type = type;
      const keep = new Set(COMMON.concat(PROPS[type] || []));
      for (const k of Object.keys(f)) if (!keep.has(k)) delete f[k];
      if ((type === "single_choice" || type === "multiple_choice") && !Array.isArray(f.options)) f.options = [];
      if (type === "table" && !inTable && !Array.isArray(f.columns))
        f.columns = [{ key: "col_1", label: text.column + " 1", type: "short_text" }];
      if (type === "record_link" && !f.record_kind) f.record_kind = "activity";
    };
    const num = (f, prop, value, whole) => {
      const v = value.trim();
      if (v === "") delete f[prop];
      else {
        const n = Number(v);
        f[prop] = Number.isFinite(n) && (!whole || Number.isInteger(n)) ? n : v;
      }
    };

    const labelled = (label, input, cls) => el("label", { class: "fe-prop " + (cls || "") }, [el("span", { text: label }), input]);
    const textInput = (f, prop, label, opts) => {
      const i = el("input", Object.assign({ value: f[prop] ?? "" }, opts || {}));
      i.addEventListener("input", () => {
        if (i.value.trim() === "" && prop !== "label") delete f[prop];
        else f[prop] = i.value;
        write();
      });
      return labelled(label, i, opts && opts.wide ? "wide" : "");
    };
    const numInput = (f, prop, label, whole) => {
      const i = el("input", { value: f[prop] ?? "", inputmode: whole ? "numeric" : "decimal" });
      i.addEventListener("input", () => { num(f, prop, i.value, whole); write(); });
      return labelled(label, i);
    };
    const checkInput = (f, prop, label) => {
      const i = el("input", { type: "checkbox", checked: !!f[prop] });
      i.addEventListener("change", () => { if (i.checked) f[prop] = true; else delete f[prop]; write(); });
      return el("label", { class: "fe-check" }, [i, el("span", { text: " " + label })]);
    };
    const optionsInput = (f) => {
      const t = el("textarea", { rows: "3" });
      t.value = (f.options || []).join("\n");
      t.addEventListener("input", () => {
        f.options = t.value.split("\n").map((s) => s.trim()).filter(Boolean);
        write();
      });
      return labelled(text.options, t, "wide");
    };
    const typeSelect = (f, allowed, inTable, rerender) => {
      const s = el("select", {});
      for (const [v, l] of types) if (allowed.includes(v)) s.appendChild(el("option", { value: v, text: l }));
      s.value = f.type;
      s.addEventListener("change", () => { setType(f, s.value, inTable); write(); rerender(); });
      return labelled(text.type, s);
    };
    const keyInput = (f) => {
      const i = el("input", { value: f.key || "", placeholder: text.key_hint, "data-key-of": "1", spellcheck: "false" });
      i._field = f;
      i.addEventListener("input", () => { f.key = i.value.trim(); write(); });
      return labelled(text.key, i);
    };
    const tools = (list, i, rerender) => {
      const b = (label, fn, cls) => {
        const x = el("button", { type: "button", class: "small " + (cls || ""), text: label });
        x.addEventListener("click", () => { fn(); write(); rerender(); });
        return x;
      };
      return el("div", { class: "fe-tools" }, [
        i > 0 ? b(text.up, () => list.splice(i - 1, 0, list.splice(i, 1)[0])) : null,
        i < list.length - 1 ? b(text.down, () => list.splice(i + 1, 0, list.splice(i, 1)[0])) : null,
        list.length > 1 ? b(text.remove, () => list.splice(i, 1), "danger") : null,
      ]);
    };
    const settings = (f, rerender) => {
      const out = [];
      switch (f.type) {
        case "short_text":
        case "long_text":
          out.push(numInput(f, "max_length", text.max_length, true));
          break;
        case "number":
          out.push(numInput(f, "min", text.min), numInput(f, "max", text.max),
            textInput(f, "unit", text.unit), checkInput(f, "integer", text.integer));
          break;
        case "single_choice":
          out.push(optionsInput(f));
          break;
        case "multiple_choice":
          out.push(optionsInput(f), numInput(f, "min_choices", text.min_choices, true),
            numInput(f, "max_choices", text.max_choices, true));
          break;
        case "files":
          out.push(numInput(f, "max_files", text.max_files, true));
          break;
        case "member_picker":
          out.push(checkInput(f, "multiple", text.multiple));
          break;
        case "record_link":
          out.push(textInput(f, "record_kind", text.record_kind), checkInput(f, "multiple", text.multiple));
          break;
        case "table": {
          out.push(numInput(f, "min_rows", text.min_rows, true), numInput(f, "max_rows", text.max_rows, true));
          const cols = el("div", { class: "fe-columns wide" }, [el("strong", { text: text.columns })]);
          f.columns.forEach((c, i) => {
            const again = () => rerender();
            const row = el("div", { class: "fe-column" }, [
              el("span", { class: "fe-num", text: text.column + " " + (i + 1) }),
              textInput(c, "label", text.label),
              keyInput(c),
              typeSelect(c, IN_TABLE, true, again),
              checkInput(c, "required", text.required),
            ]);
            if (c.type === "single_choice" || c.type === "multiple_choice") row.appendChild(optionsInput(c));
            if (c.type === "number") row.appendChild(textInput(c, "unit", text.unit));
            row.appendChild(tools(f.columns, i, again));
            cols.appendChild(row);
          });
          const add = el("button", { type: "button", class: "small", text: text.add_column });
          add.addEventListener("click", () => {
            f.columns.push({ key: "", label: text.column + " " + (f.columns.length + 1), type: "short_text" });
            write();
            rerender();
          });
          cols.appendChild(add);
          out.push(cols);
          break;
        }
      }
      return out;
    };
    const render = () => {
      host.textContent = "";
      const list = el("ol", { class: "fe-list" });
      model.fields.forEach((f, i) => {
        const li = el("li", { class: "fe-field", "data-index": String(i) }, [
          el("div", { class: "fe-head" }, [
            el("strong", { text: text.field + " " + (i + 1) }),
            el("span", { class: "tag", text: typeLabel[f.type] || f.type }),
          ]),
          el("div", { class: "fe-grid" }, [
            textInput(f, "label", text.label),
            keyInput(f),
            typeSelect(f, Object.keys(PROPS), false, render),
            checkInput(f, "required", text.required),
            textInput(f, "help", text.help, { wide: true }),
            ...settings(f, render),
          ]),
          tools(model.fields, i, render),
        ]);
        list.appendChild(li);
      });
      host.appendChild(list);
      const add = el("button", { type: "button", class: "small", id: "add-field", text: text.add_field });
      add.addEventListener("click", () => {
        model.fields.push({ key: "", label: text.field + " " + (model.fields.length + 1), type: "short_text" });
        write();
        render();
        const last = $$(".fe-field", host).pop();
        if (last) $("input", last).focus();
      });
      host.appendChild(add);
    };
    const load = () => {
      try {
        const v = JSON.parse(area.value || "{}");
        if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("shape");
        if (!Array.isArray(v.fields)) v.fields = [];
        for (const f of v.fields) if (!f || typeof f !== "object") throw new Error("field");
        model = v;
        render();
        return true;
      } catch (_) {
        host.textContent = "";
        host.appendChild(el("p", { class: "field-error", text: text.json_invalid }));
        return false;
      }
    };
    area.addEventListener("input", load);
    if (load() && box && !$("#form-problems")) box.open = false;
  }

  // --- The report form: table rows, autosave through the API, a local copy in the browser.
  function reportForm() {
    const form = $("#report-form");
    if (!form) return;
    const d = form.dataset;
    const status = $("#autosave");
    const basedOn = $("#based-on");
    let saves = Number(d.saves || 0);
    const storeKey = `zhibu.report.${d.task}.${d.period}.${d.org}`;
    const say = (msg) => { if (status) status.textContent = msg; };

    // Tables: add and remove rows.
    const wire = (tr) => {
      const rm = $(".remove-row", tr);
      if (!rm) return;
      rm.hidden = false;
      rm.addEventListener("click", () => { tr.remove(); changed(); });
    };
    const addRow = (wrap) => {
      const tbody = $("tbody", wrap);
      const tpl = $("template.row-template", wrap);
      const next = Math.max(0, ...$$("tr[data-row]", tbody).map((r) => Number(r.dataset.row))) + 1;
      const holder = document.createElement("tbody");
      holder.innerHTML = tpl.innerHTML.split("__row__").join(String(next));
      const tr = holder.firstElementChild;
      tbody.appendChild(tr);
      wire(tr);
      return tr;
    };
    for (const wrap of $$(".fill-table-wrap", form)) {
      for (const tr of $$("tbody tr", wrap)) wire(tr);
      const add = $(".add-row", wrap);
      if (add) {
        add.hidden = false;
        add.addEventListener("click", () => {
          const tr = addRow(wrap);
          const first = $("input, select, textarea", tr);
          if (first) first.focus();
        });
      }
    }

    // Files fields: upload on choose (through the API), list, remove from the answer.
    const sizeLabel = (bytes) => {
      const MB = 1024 * 1024;
      if (!(bytes >= 0)) return "";
      if (bytes >= MB) {
        const tenths = Math.round((bytes * 10) / MB);
        return (tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)) + " MB";
      }
      return Math.ceil(bytes / 1024) + " KB";
    };
    const fileCount = (wrap) => $$("li[data-file]", wrap).length;
    const showNone = (wrap) => {
      const none = $(".files-none", wrap);
      if (none) none.hidden = fileCount(wrap) > 0;
    };
    const wireFile = (wrap, li) => {
      const rm = $(".remove-file", li);
      if (!rm) return;
      rm.hidden = false;
      rm.addEventListener("click", () => {
        const name = ($(".file-name", li) || li).textContent;
        li.remove();
        showNone(wrap);
        $(".file-status", wrap).textContent = d.msgRemoved.replace("{name}", name);
        changed();
      });
    };
    const fileItem = (wrap, file, size) => {
      const li = el("li", { "data-file": String(file.id) }, [
        el("input", { type: "hidden", name: wrap.dataset.name, value: JSON.stringify({ id: file.id, name: file.name }), "data-file-value": "" }),
        el("a", { href: `/tasks/${d.task}/reports/${d.org}/files/${file.id}`, class: "file-name", text: file.name || "#" + file.id }),
        document.createTextNode(" "),
        el("span", { class: "muted small", text: size || "" }),
        document.createTextNode(" "),
        el("button", { type: "button", class: "small link remove-file", text: d.msgRemove }),
      ]);
      wireFile(wrap, li);
      return li;
    };
    const upload = async (wrap, file) => {
      const status = $(".file-status", wrap);
      const max = Number(wrap.dataset.max || 0);
      if (max > 0 && fileCount(wrap) >= max) {
        status.textContent = d.msgTooMany.replace("{max}", String(max));
        return;
      }
      status.textContent = d.msgUploading.replace("{name}", file.name);
      const body = new FormData();
      body.append("file", file, file.name);
      try {
        const r = await fetch(`/api/v1/tasks/${d.task}/submissions/${d.org}/files?period=${encodeURIComponent(d.period)}`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRF-Token": d.csrf, Accept: "application/json" },
          body,
        });
        const json = await r.json().catch(() => ({}));
        if (r.status === 201 && json.id) {
          $(".file-list", wrap).appendChild(fileItem(wrap, json, sizeLabel(json.size)));
          showNone(wrap);
          status.textContent = d.msgUploaded.replace("{name}", json.name);
          changed();
        } else {
          const msg = json && json.error && json.error.message ? json.error.message : "";
          status.textContent = d.msgUploadFailed + (msg ? "：" + msg : "");
        }
      } catch (_) {
        status.textContent = d.msgOffline;
      }
    };
    for (const wrap of $$(".files-field", form)) {
      for (const li of $$("li[data-file]", wrap)) wireFile(wrap, li);
      const pick = $(".file-pick", wrap);
      const input = $(".file-input", wrap);
      if (!pick || !input) continue;
      pick.hidden = false;
      // Choosing a file is not an answer yet: the upload, once stored, is.
      input.addEventListener("input", (e) => e.stopPropagation());
      input.addEventListener("change", async (e) => {
        e.stopPropagation();
        const chosen = Array.from(input.files || []);
        input.value = "";
        for (const f of chosen) await upload(wrap, f);
      });
    }

    // The answers the form holds, as the API takes them (the naming scheme of task_fields.rs).
    const collect = () => {
      const answers = {};
      const tables = {};
      for (const e of Array.from(form.elements)) {
        if (!e.name || !e.name.startsWith("f.")) continue;
        if (e.hasAttribute("data-file-value")) {
          const k = e.name.slice(2);
          if (!Array.isArray(answers[k])) answers[k] = [];
          try { answers[k].push(JSON.parse(e.value)); } catch (_) { answers[k].push(e.value); }
          continue;
        }
        const parts = e.name.slice(2).split(".");
        const multi = e.type === "checkbox";
        let slot, key;
        if (parts.length === 3) {
          const rows = (tables[parts[0]] = tables[parts[0]] || {});
          slot = rows[parts[1]] = rows[parts[1]] || {};
          key = parts[2];
        } else {
          slot = answers;
          key = parts[0];
        }
        if (multi) {
          if (!Array.isArray(slot[key])) slot[key] = [];
          if (e.checked) slot[key].push(e.value);
        } else if (e.type === "radio") {
          if (!(key in slot)) slot[key] = null;
          if (e.checked && e.value !== "") slot[key] = e.value;
        } else {
          slot[key] = e.value === "" ? null : e.value;
        }
      }
      for (const [k, rows] of Object.entries(tables)) {
        answers[k] = Object.keys(rows).sort((a, b) => a - b).map((r) => rows[r]);
      }
      return answers;
    };

    // Puts answers back into the form (a restored local copy).
    const fill = (answers) => {
      for (const wrap of $$(".files-field", form)) {
        const list = $(".file-list", wrap);
        list.textContent = "";
        const files = Array.isArray(answers[wrap.dataset.key]) ? answers[wrap.dataset.key] : [];
        for (const f of files) {
          const file = f && typeof f === "object" ? f : { id: f };
          if (file.id) list.appendChild(fileItem(wrap, file, ""));
        }
        showNone(wrap);
      }
      for (const wrap of $$(".fill-table-wrap", form)) {
        const key = $("table", wrap).dataset.table;
        const rows = Array.isArray(answers[key]) ? answers[key] : [];
        const tbody = $("tbody", wrap);
        tbody.textContent = "";
        for (let i = 0; i < Math.max(rows.length, 1); i++) addRow(wrap);
      }
      for (const e of Array.from(form.elements)) {
        if (!e.name || !e.name.startsWith("f.") || e.hasAttribute("data-file-value")) continue;
        const parts = e.name.slice(2).split(".");
        let v = answers[parts[0]];
        if (parts.length === 3) {
          const trs = $$(`table[data-table="${parts[0]}"] tbody tr`, form);
          const i = trs.findIndex((tr) => tr.dataset.row === parts[1]);
          v = Array.isArray(v) && v[i] ? v[i][parts[2]] : null;
        }
        if (e.type === "checkbox") e.checked = Array.isArray(v) ? v.map(String).includes(e.value) : String(v) === e.value;
        else if (e.type === "radio") e.checked = v === null || v === undefined ? e.value === "" : String(v) === e.value;
        else e.value = v === null || v === undefined ? "" : String(v);
      }
    };

    // Answers without their empty values and blank rows, to tell whether two copies differ.
    const blank = (v) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
    const normal = (v) => {
      if (Array.isArray(v)) {
        const items = v.map(normal).filter((x) => !blank(x) && !(typeof x === "object" && !Array.isArray(x) && Object.keys(x).length === 0));
        return items;
      }
      if (v && typeof v === "object") {
        const out = {};
        for (const k of Object.keys(v).sort()) {
          const x = normal(v[k]);
          if (!blank(x)) out[k] = x;
        }
        return out;
      }
      return typeof v === "string" ? v.trim() : v;
    };
    const same = (a, b) => JSON.stringify(normal(a)) === JSON.stringify(normal(b));

    const saveLocal = () => {
      try {
        localStorage.setItem(storeKey, JSON.stringify({ at: Date.now(), saves, answers: collect() }));
      } catch (_) { /* private mode: nothing kept */ }
    };
    const dropLocal = () => { try { localStorage.removeItem(storeKey); } catch (_) { /* ignore */ } };

    let timer = null;
    let inFlight = null;
    let stopped = false;
    const put = async () => {
      timer = null;
      if (stopped) return;
      say(d.msgSaving);
      const body = { period: d.period, answers: collect(), based_on: saves, submit: false };
      try {
        const r = await fetch(`/api/v1/tasks/${d.task}/submissions/${d.org}`, {
          method: "PUT",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": d.csrf, Accept: "application/json" },
          body: JSON.stringify(body),
        });
        const json = await r.json().catch(() => ({}));
        if (r.ok) {
          saves = json.saves;
          if (basedOn) basedOn.value = String(saves);
          say(d.msgSaved.replace("{time}", hhmm(new Date())));
          dropLocal();
        } else if (r.status === 409) {
          stopped = true;
          say(d.msgStale);
          status.classList.add("warn");
        } else if (r.status === 401 || r.status === 403 || r.status === 404) {
          say(d.msgOffline);
        } else {
          const msg = json && json.error && json.error.message ? json.error.message : "";
          say(d.msgFailed + (msg ? "：" + msg : ""));
        }
      } catch (_) {
        say(d.msgOffline);
      }
    };
    const saveNow = () => {
      if (inFlight) return inFlight.then(saveNow);
      inFlight = put().finally(() => { inFlight = null; });
      return inFlight;
    };
    const changed = () => {
      saveLocal();
      if (timer) clearTimeout(timer);
      timer = setTimeout(saveNow, 1500);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", (e) => {
      if (timer) { clearTimeout(timer); timer = null; }
      saveLocal();
      if (inFlight) {
        // Wait for the save under way, so the form is based on the copy it made.
        e.preventDefault();
        const submitter = e.submitter;
        inFlight.then(() => form.requestSubmit(submitter));
      }
    });

    // Just saved or handed in by this form: the server holds it all.
    if (d.fresh === "1") dropLocal();
    // A local copy made on top of the server's current copy (nobody saved since) that holds
    // something else: work that never reached the server. Offer it back.
    let local = null;
    try { local = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (_) { local = null; }
    if (local && local.answers && Number(local.saves) >= saves && !same(local.answers, collect())) {
      const box = $("#restore");
      $("#restore-text").textContent = d.msgLocal.replace("{time}", hhmm(new Date(local.at)));
      box.hidden = false;
      $("#restore-yes").addEventListener("click", () => {
        fill(local.answers);
        box.hidden = true;
        changed();
      });
      $("#restore-no").addEventListener("click", () => { dropLocal(); box.hidden = true; });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    recurrence();
    boardTools();
    formEditor();
    reportForm();
  });
})();
