// The page's script: read a packet, post it to the quality endpoint, and
// show its findings, each highlighted in the packet's text on a click.
// Plain JavaScript, no library, nothing fetched but the endpoint.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { bytes: null, text: "", result: null, groupBy: "rule", active: null };
  const encoder = new TextEncoder();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  // The words of the script, in both languages; the stylesheet shows one.
  const words = {
    errors: ["lỗi", "errors"],
    warnings: ["cảnh báo", "warnings"],
    error: ["Lỗi", "Error"],
    warning: ["Cảnh báo", "Warning"],
    record: ["Bản ghi thứ", "Record"],
    packet: ["Cả gói tin", "The packet as a whole"],
    none: ["Không có vi phạm.", "No findings."],
    failed: ["Không kiểm tra được gói tin.", "The packet could not be checked."],
    empty: ["Chưa có gói tin: đề nghị kéo thả, chọn tệp hoặc dán nội dung gói tin.", "No packet yet: drop, choose or paste one."],
    near: ["Giá trị không có trong gói tin; đánh dấu phần gần nhất chứa nó:", "The value is not in the packet; marked is the nearest part that would hold it:"],
    window: ["Gói tin lớn: chỉ hiển thị đoạn quanh giá trị.", "A large packet: only the part around the value is shown."],
  };

  function bi(vi, en) {
    const f = document.createDocumentFragment();
    const a = document.createElement("span");
    a.className = "vi"; a.lang = "vi"; a.textContent = vi;
    f.appendChild(a);
    if (en !== undefined && en !== vi) {
      const b = document.createElement("span");
      b.className = "en"; b.lang = "en"; b.textContent = en;
      f.appendChild(b);
    } else {
      a.className = "";
    }
    return f;
  }
  const w = (key) => bi(words[key][0], words[key][1]);

  function el(tag, cls, ...children) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const c of children) e.append(c);
    return e;
  }

  // Language: the checkbox is the state; remember it, and say it to the
  // browser.
  function applyLang() {
    const en = $("lang-en").checked;
    document.documentElement.lang = en ? "en" : "vi";
    document.title = en ? "Check a packet — cbccvc" : "Kiểm tra gói tin — cbccvc";
    try { localStorage.setItem("cbccvc-lang", en ? "en" : "vi"); } catch (e) { /* storage off: fine */ }
  }

  function showError(vi, en) {
    const p = $("error");
    p.replaceChildren(bi(vi, en));
    p.hidden = false;
  }

  async function check(bytes) {
    $("error").hidden = true;
    if (!bytes || bytes.length === 0) {
      showError(words.empty[0], words.empty[1]);
      return;
    }
    state.bytes = bytes;
    state.text = decoder.decode(bytes);
    $("busy").hidden = false;
    try {
      const resp = await fetch("v1/quality", { method: "POST", body: bytes, headers: { "Content-Type": "application/octet-stream" } });
      const body = await resp.json().catch(() => null);
      if (!resp.ok || !body) {
        showError(body && body.messageVI || words.failed[0], body && body.message || words.failed[1] + " HTTP " + resp.status);
        return;
      }
      state.result = body;
      render();
    } catch (e) {
      showError(words.failed[0], words.failed[1] + " " + e);
    } finally {
      $("busy").hidden = true;
    }
  }

  function render() {
    const r = state.result;
    $("results").hidden = false;
    $("drop").classList.add("compact");
    $("signature-slot").innerHTML = r.signatureView; // rendered by html/template, escaped
    $("panel-quality").innerHTML = r.view;
    const rep = r.report;
    $("summary").replaceChildren(`${rep.errors} `, w("errors"), ` · ${rep.warnings} `, w("warnings"));
    renderFindings();
    showSource(null);
  }

  function findingButton(i) {
    const f = state.result.report.findings[i];
    const b = el("button", "finding");
    b.type = "button";
    b.dataset.index = i;
    b.dataset.pointer = f.pointer;
    const sev = el("span", "sev " + f.severity, w(f.severity === "LOI" ? "error" : "warning"));
    b.append(sev, " ", el("code", "", f.rule), " ", bi(f.messageVI, f.messageEN), el("span", "ptr", f.pointer || "/"));
    b.addEventListener("click", () => select(i, b));
    return b;
  }

  function group(title, count, indexes) {
    const g = el("section", "group");
    const h = el("h3", "", title, el("span", "count", String(count)));
    g.append(h);
    for (const i of indexes) g.append(findingButton(i));
    return g;
  }

  function renderFindings() {
    const rep = state.result.report;
    const box = $("findings");
    box.replaceChildren();
    box.scrollTop = 0;
    $("group-rule").setAttribute("aria-pressed", String(state.groupBy === "rule"));
    $("group-person").setAttribute("aria-pressed", String(state.groupBy === "person"));
    if (rep.findings.length === 0) {
      box.append(el("p", "", w("none")));
      return;
    }
    if (state.groupBy === "rule") {
      for (const g of rep.byRule) {
        const title = el("span", "", el("code", "", g.rule), " ", bi(g.descriptionVI, g.descriptionEN));
        box.append(group(title, g.count, g.findings));
      }
      return;
    }
    const outside = rep.findings.map((f, i) => (f.record < 0 ? i : -1)).filter((i) => i >= 0);
    if (outside.length) box.append(group(el("span", "", w("packet")), outside.length, outside));
    for (const p of rep.byPerson) {
      const title = el("span", "person", w("record"), ` ${p.record + 1}`);
      if (p.personalId) title.append(" · ", el("code", "", p.personalId));
      if (p.fullName) title.append(" · ", p.fullName);
      if (p.unit) title.append(" · ", el("code", "", p.unit));
      box.append(group(title, p.findings.length, p.findings));
    }
  }

  // utf16 turns a byte offset of the packet into an offset of its text.
  const utf16 = (byteOffset) => decoder.decode(state.bytes.subarray(0, byteOffset)).length;

  const largeText = 1 << 20, around = 100000;

  function showSource(loc) {
    const pre = $("source");
    const text = state.text;
    const note = $("source-note");
    if (!loc) {
      pre.replaceChildren(text.length > largeText ? text.slice(0, largeText) + "\n…" : text);
      return;
    }
    const s = utf16(loc.start), e = utf16(loc.end);
    let from = 0, to = text.length;
    if (text.length > largeText) {
      from = Math.max(0, s - around);
      to = Math.min(text.length, e + around);
    }
    const mark = el("mark", "", text.slice(s, e));
    mark.id = "mark";
    pre.replaceChildren(from > 0 ? "…" : "", text.slice(from, s), mark, text.slice(e, to), to < text.length ? "…" : "");
    const parts = [];
    if (loc.missing) parts.push(bi(words.near[0] + " " + (loc.at || "/"), words.near[1] + " " + (loc.at || "/")));
    if (from > 0 || to < text.length) parts.push(w("window"));
    if (parts.length) note.replaceChildren(...parts.flatMap((p) => [p, " "]));
    else note.innerHTML = state.note; // the page's own words
    // Scroll the packet's text, not the page, to the value.
    pre.scrollTop = Math.max(0, mark.offsetTop - pre.clientHeight / 2);
  }

  function select(i, button) {
    const f = state.result.report.findings[i];
    if (state.active) state.active.classList.remove("active");
    state.active = button;
    button.classList.add("active");
    const loc = state.result.locations[f.pointer];
    if (!loc) {
      showSource(null);
      return;
    }
    showSource({ start: loc.start, end: loc.end, at: loc.at, missing: loc.at !== f.pointer });
  }

  function tab(which) {
    const findings = which === "findings";
    $("tab-findings").setAttribute("aria-selected", String(findings));
    $("tab-quality").setAttribute("aria-selected", String(!findings));
    $("panel-findings").hidden = !findings;
    $("panel-quality").hidden = findings;
  }

  document.addEventListener("DOMContentLoaded", () => {
    state.note = $("source-note").innerHTML;
    try { $("lang-en").checked = localStorage.getItem("cbccvc-lang") === "en"; } catch (e) { /* storage off */ }
    applyLang();
    $("lang-en").addEventListener("change", applyLang);
    $("check").addEventListener("click", () => check(encoder.encode($("paste").value)));
    $("file").addEventListener("change", async (ev) => {
      const f = ev.target.files[0];
      if (f) check(new Uint8Array(await f.arrayBuffer()));
    });
    const drop = $("drop");
    drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", async (ev) => {
      ev.preventDefault();
      drop.classList.remove("over");
      const f = ev.dataTransfer.files[0];
      if (f) {
        check(new Uint8Array(await f.arrayBuffer()));
        return;
      }
      const t = ev.dataTransfer.getData("text/plain");
      if (t) check(encoder.encode(t));
    });
    $("paste-again").addEventListener("click", () => { $("drop").classList.remove("compact"); $("paste").focus(); });
    $("group-rule").addEventListener("click", () => { state.groupBy = "rule"; renderFindings(); });
    $("group-person").addEventListener("click", () => { state.groupBy = "person"; renderFindings(); });
    $("tab-findings").addEventListener("click", () => tab("findings"));
    $("tab-quality").addEventListener("click", () => tab("quality"));
  });
})();
