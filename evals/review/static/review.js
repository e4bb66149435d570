// The review page: item states, evidence highlights, adding from a selection, place look-ups,
// keyboard, and saving the form as gold. Plain script, no build step.
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const KEEP = new Set(["accepted", "corrected", "added"]);
  const LABELS = { pending: "pending", accepted: "✓ accepted", corrected: "✎ corrected",
    added: "+ added", deleted: "✕ deleted" };
  const textPane = $("#clean-text");
  let newCount = 0;

  function setState(item, state) {
    item.dataset.state = state;
    const label = $(".state-label", item);
    if (label) label.textContent = LABELS[state] || state;
  }
  function touched(item) {
    if (item.dataset.state !== "added") setState(item, "corrected");
  }
  function status(text, kind) {
    const el = $("#status");
    el.textContent = text;
    el.className = kind || "";
  }

  // ---------------------------------------------------------------- evidence highlights
  function marksOf(key) {
    return $$("mark.ev", textPane).filter((m) => m.dataset.keys.split(" ").includes(key));
  }
  function showEvidence(item) {
    $$("mark.ev.current").forEach((m) => m.classList.remove("current"));
    $$(".item.current").forEach((m) => m.classList.remove("current"));
    item.classList.add("current");
    const marks = marksOf(item.dataset.key);
    marks.forEach((m) => m.classList.add("current"));
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
  }

  // ---------------------------------------------------------------- selection → new item
  function selectionInText() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!textPane.contains(range.startContainer) || !textPane.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(textPane, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    const quote = range.toString();
    return { range, start, end: start + quote.length, quote };
  }
  function markSelection(found, key) {
    try {
      const mark = document.createElement("mark");
      mark.className = "ev added";
      mark.dataset.keys = key;
      found.range.surroundContents(mark);
    } catch (e) { /* a selection across marks keeps its offsets only */ }
  }
  function addItem(button) {
    const name = button.dataset.add;
    const fieldset = button.closest("fieldset.visit");
    const found = selectionInText();
    if (!found || !found.quote.trim()) {
      status("select the evidence in the article first, then press “+ add”", "error");
      return;
    }
    const template = $(`template.new-item[data-name="${name}"]`, fieldset);
    const item = template.content.firstElementChild.cloneNode(true);
    const key = `${fieldset.dataset.visit}-new-${++newCount}`;
    item.dataset.key = key;
    item.dataset.start = found.start;
    item.dataset.end = found.end;
    const quote = $(".quote", item);
    if (quote) quote.textContent = found.quote.trim();
    const first = $('input[data-f]:not([data-kind="list"])', item);
    if (first) first.value = found.quote.trim();
    $(`.list[data-name="${name}"]`, fieldset).appendChild(item);
    setState(item, "added");
    markSelection(found, key);
    window.getSelection().removeAllRanges();
    if (item.classList.contains("region")) lookUp($("input.place", item));
    if (first) first.focus();
    status(`added to ${name}: ${found.quote.trim()}`);
  }

  // ---------------------------------------------------------------- places
  async function lookUp(input) {
    const item = input.closest(".region");
    const response = await fetch(`/api/place?q=${encodeURIComponent(input.value)}`);
    const body = await response.json();
    if (!response.ok) { status(body.error, "error"); return; }
    const region = body.region;
    region.mention = input.value.trim();
    item.dataset.region = JSON.stringify(region);
    $(".adcode", item).textContent = body.label;
    item.classList.toggle("unresolved", !region.adcode);
  }

  // ---------------------------------------------------------------- collecting the form
  function values(item) {
    const out = JSON.parse(item.dataset.rest || "{}");
    $$("[data-f]", item).forEach((input) => {
      let value = input.value.trim();
      if (input.dataset.kind === "list") value = value ? value.split(/[、,，]\s*/).filter(Boolean) : [];
      else if (value === "") value = null;
      out[input.dataset.f] = value;
    });
    const quote = $(".quote", item);
    if (quote) out.evidence = quote.textContent.trim();
    return out;
  }
  function region(item) {
    const data = JSON.parse(item.dataset.region || "{}");
    const mention = $("input.place", item).value.trim();
    return data.mention === mention && data.adcode ? data : { mention };
  }
  function date(span) {
    const part = (p) => { const v = $(`[data-part="${p}"]`, span).value.trim(); return v ? Number(v) : null; };
    const out = { year: part("year"), month: part("month"), day: part("day"), inferred: [] };
    if (out.year === null && out.month === null && out.day === null) return null;
    if (out.year !== null && $('[data-part="inferred"]', span).checked) out.inferred = ["year"];
    return out;
  }
  function kept(items, counts) {
    return items.filter((item) => {
      counts[item.dataset.state === "pending" ? "left_out" : item.dataset.state] += 1;
      return KEEP.has(item.dataset.state);
    });
  }
  function visit(fieldset, counts) {
    const head = $(".item.head", fieldset);
    const inner = $$(".item", fieldset).filter((i) => i !== head);
    if (!KEEP.has(head.dataset.state)) {
      counts[head.dataset.state === "pending" ? "left_out" : "deleted"] += 1 + inner.length;
      return null;
    }
    counts[head.dataset.state] += 1;
    const out = values(head);
    out.origin = region($('.region[data-list="origin"]', fieldset));
    out.destinations = kept($$('.list[data-name="destinations"] > .item', fieldset), counts).map(region);
    $$(".date", fieldset).forEach((span) => { out[span.dataset.f] = date(span); });
    $$(".list", fieldset).filter((l) => l.dataset.name !== "destinations").forEach((list) => {
      out[list.dataset.name] = kept($$(":scope > .item", list), counts).map(values);
    });
    return out;
  }
  function collect() {
    const counts = { accepted: 0, corrected: 0, added: 0, deleted: 0, left_out: 0 };
    const visits = $$("fieldset.visit").map((f) => visit(f, counts)).filter(Boolean);
    const extraction = {
      is_study_visit: $("#is-study-visit").checked,
      visits,
      article: JSON.parse($("#article-info").dataset.json || "{}"),
    };
    return { extraction, counts };
  }
  async function save() {
    const payload = collect();
    status("saving…");
    const response = await fetch(`/api/article/${document.body.dataset.article}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload),
    });
    const body = await response.json();
    if (!response.ok) { status(`not saved: ${body.error}`, "error"); return; }
    const left = payload.counts.left_out ? ` (${payload.counts.left_out} pending items left out)` : "";
    const backup = body.backup ? `; old file kept as ${body.backup}` : "";
    status(`saved ${body.saved}${left}${backup}`, "saved");
    document.body.dataset.saved = body.saved;
  }
  function acceptAll() {
    $$(".item").forEach((item) => { if (item.dataset.state === "pending") setState(item, "accepted"); });
    status("all pending items accepted");
  }

  // ---------------------------------------------------------------- wiring
  $$(".item").forEach((item) => setState(item, item.dataset.state));
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const item = event.target.closest(".item");
    if (button && button.classList.contains("add")) return addItem(button);
    if (button && item && button.classList.contains("accept")) return setState(item, "accepted");
    if (button && item && button.classList.contains("delete")) return setState(item, item.dataset.state === "deleted" ? "pending" : "deleted");
    if (button && item && button.classList.contains("correct")) { touched(item); const i = $("[data-f]", item); if (i) i.focus(); return; }
    if (item && !button) showEvidence(item);
  });
  document.addEventListener("input", (event) => {
    const item = event.target.closest(".item");
    if (item) touched(item);
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches("input.place")) lookUp(event.target);
  });
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("input.place") && event.key === "Enter") { event.preventDefault(); lookUp(event.target); return; }
    if (event.ctrlKey && event.key === "s") { event.preventDefault(); save(); return; }
    if (event.target.matches("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const go = (where) => { if (where) window.location.href = where; };
    if (event.key === "n" || event.key === "ArrowRight") go(document.body.dataset.next);
    else if (event.key === "p" || event.key === "ArrowLeft") go(document.body.dataset.previous);
    else if (event.key === "a") acceptAll();
    else if (event.key === "s") save();
  });
  $("#accept-all").addEventListener("click", acceptAll);
  $("#save").addEventListener("click", save);
  $("#show-raw").addEventListener("click", () => {
    $("#raw-text").hidden = false; textPane.hidden = true;
    $("#show-raw").classList.add("on"); $("#show-clean").classList.remove("on");
  });
  $("#show-clean").addEventListener("click", () => {
    $("#raw-text").hidden = true; textPane.hidden = false;
    $("#show-clean").classList.add("on"); $("#show-raw").classList.remove("on");
  });
})();
