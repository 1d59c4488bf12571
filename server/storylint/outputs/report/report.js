// storylint report: renders chapter text from the embedded JSON, marks findings,
// shows one in the side panel, filters by family and rule, steps through findings.
// Every piece of text is put in the page as text (textContent), never as markup; the
// only markup copied is the rules' explanations, which the page already holds.
(() => {
  "use strict";
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const data = JSON.parse($("#report-data").textContent);
  const findings = data.findings;
  const hiddenRules = new Set();
  const SLICE_MS = 12; // one slice of rendering, so that the page keeps answering
  const FIRST_BLOCKS = 60; // rendered at once when a chapter opens
  // where a key types text rather than moves between findings
  const TYPING = "input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select, [contenteditable]";
  let current = -1;

  const chapters = data.chapters.map((chapter, index) => ({
    ...chapter,
    index,
    section: $(`#ch-${index}`),
    body: $(`#ch-${index}-body`),
    toggle: $(`#ch-${index} .toggle`),
    text: $(`#ch-${index} .text`),
    blocks: null,
    rendered: 0,
  }));

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- rendering chapter text -------------------------------------------------------------

  function blocksOf(chapter) {
    if (chapter.blocks === null) {
      const script = $(`#text-${chapter.index}`);
      chapter.blocks = script ? JSON.parse(script.textContent) : [];
    }
    return chapter.blocks;
  }

  function visibleIds(ids) {
    return ids.filter((id) => !hiddenRules.has(findings[id].rule));
  }

  function markElement(text, ids) {
    const first = findings[ids[0]];
    const mark = element("mark", `f fam-${first.family}`, text);
    mark.dataset.f = ids.join(" ");
    mark.dataset.n = ids.map((id) => id + 1).join(",");
    if (text === "") mark.classList.add("point");
    const label = ids.map((id) => `${findings[id].rule}: ${findings[id].message}`).join("; ");
    mark.setAttribute("aria-label", `${text || "here"} — ${label}`);
    setMarkState(mark);
    return mark;
  }

  function setMarkState(mark) {
    const ids = mark.dataset.f.split(" ").map(Number);
    const shown = visibleIds(ids);
    const off = shown.length === 0;
    mark.classList.toggle("off", off);
    if (off) {
      mark.removeAttribute("tabindex");
      mark.removeAttribute("role");
    } else {
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      const family = findings[shown[0]].family;
      mark.className = mark.className.replace(/\bfam-\S+/, `fam-${family}`);
    }
  }

  function blockElement(block) {
    const [start, line, continued, pieces] = block;
    const paragraph = element("p", continued ? "b cont" : "b");
    paragraph.dataset.line = line;
    paragraph.dataset.start = start;
    for (const piece of pieces) {
      if (typeof piece === "string") {
        paragraph.append(piece);
      } else {
        paragraph.append(markElement(piece[0], piece.slice(1)));
      }
    }
    return paragraph;
  }

  function renderUpTo(chapter, last) {
    const blocks = blocksOf(chapter);
    if (chapter.rendered >= blocks.length || chapter.rendered > last) return;
    const noscript = $("noscript", chapter.text);
    if (noscript) noscript.remove();
    const fragment = document.createDocumentFragment();
    const end = Math.min(last + 1, blocks.length);
    for (let n = chapter.rendered; n < end; n += 1) fragment.append(blockElement(blocks[n]));
    chapter.rendered = end;
    chapter.text.append(fragment);
  }

  const queue = [];
  let scheduled = false;

  function renderLater(chapter) {
    if (!queue.includes(chapter)) queue.push(chapter);
    if (!scheduled) {
      scheduled = true;
      setTimeout(renderSlice, 0);
    }
  }

  function renderSlice() {
    scheduled = false;
    const until = performance.now() + SLICE_MS;
    while (queue.length && performance.now() < until) {
      const chapter = queue[0];
      const total = blocksOf(chapter).length;
      renderUpTo(chapter, chapter.rendered + 40);
      if (chapter.rendered >= total) queue.shift();
    }
    if (queue.length) {
      scheduled = true;
      setTimeout(renderSlice, 0);
    }
    document.documentElement.classList.toggle("rendering", queue.length > 0);
  }

  function openChapter(chapter, open = true) {
    chapter.toggle.setAttribute("aria-expanded", String(open));
    chapter.body.hidden = !open;
    if (open) {
      renderUpTo(chapter, FIRST_BLOCKS - 1);
      renderLater(chapter);
    }
  }

  // -- selecting a finding ----------------------------------------------------------------

  function marksOf(id) {
    const finding = findings[id];
    const chapter = chapters[finding.chapter];
    if (chapter.body.hidden) openChapter(chapter);
    renderUpTo(chapter, finding.block + 2);
    return $$(`mark[data-f~="${id}"]`, chapter.text);
  }

  function where(finding) {
    return `${finding.path}:${finding.line}:${finding.column}`;
  }

  function chapterName(chapter) {
    return chapter.title || chapter.path;
  }

  function visibleOrder() {
    return findings.filter((f) => !hiddenRules.has(f.rule)).map((f) => f.id);
  }

  function updatePosition() {
    const order = visibleOrder();
    const at = order.indexOf(current);
    const filtered = order.length === findings.length ? "" : ` (of ${findings.length})`;
    $("#position").textContent =
      at >= 0 ? `${at + 1} of ${order.length}${filtered}` : `${order.length} findings${filtered}`;
  }

  function detailCard(id) {
    const finding = findings[id];
    const rule = data.rules[finding.rule];
    const chapter = chapters[finding.chapter];
    const card = element("article", `card fam-${finding.family}`);
    const place = element("p", "card-where");
    const link = element("a", "", chapterName(chapter));
    link.href = `#ch-${chapter.index}`;
    place.append(link, ` · ${where(finding)}`);
    const heading = element("h3", "card-rule");
    heading.append(element("code", "", finding.rule), " ");
    heading.append(element("span", `severity sev-${finding.severity}`, finding.severity));
    card.append(place, heading, element("p", "card-message", finding.message));
    if (finding.fixes.length) {
      const change = element("p", "card-change");
      change.append(element("span", "visually-hidden", "Change "));
      change.append(element("del", "", finding.text || "(nothing)"));
      change.append(element("span", "arrow", " → "));
      change.append(element("ins", "", finding.fixes[0].replacement || "(delete)"));
      card.append(change);
      const fix = element("p", "card-fix");
      fix.append(element("strong", "", "Fix: "), finding.fixes[0].description);
      fix.append(element("span", "fix-kind", ` (${rule.fix})`));
      card.append(fix);
      for (const other of finding.fixes.slice(1)) {
        card.append(element("p", "card-fix other", `Or: “${other.replacement}” — ${other.description}`));
      }
    } else {
      card.append(element("p", "card-fix", "No automatic fix: rewrite the passage."));
    }
    const about = element("section", "card-about");
    about.append(element("h4", "", "About this rule"), element("p", "rule-summary", rule.summary));
    const source = $(`#rule-${CSS.escape(finding.rule)} .explanation`);
    if (source) {
      const explanation = source.cloneNode(true);
      explanation.removeAttribute("id");
      about.append(explanation);
    }
    card.append(about);
    const others = ($(`mark.sel`)?.dataset.f || "").split(" ").map(Number).filter((n) => n !== id && !Number.isNaN(n));
    if (others.length) {
      const also = element("p", "card-also", "Also here: ");
      for (const other of visibleIds(others)) {
        const button = element("button", "link", findings[other].rule);
        button.type = "button";
        button.dataset.goto = other;
        also.append(button, " ");
      }
      card.append(also);
    }
    const nav = element("div", "card-nav");
    for (const [label, action] of [["↑ Previous", "prev"], ["Next ↓", "next"], ["Close", "close"]]) {
      const button = element("button", "", label);
      button.type = "button";
      button.dataset.action = action;
      nav.append(button);
    }
    card.append(nav);
    return card;
  }

  function scrollToCenter(target) {
    // a jump, then again once the blocks it passed have been laid out (they are skipped
    // while off screen, at an estimated height, so the first jump may fall short), unless
    // something else has scrolled the page in between
    target.scrollIntoView({ block: "center" });
    const top = window.scrollY;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (window.scrollY === top) target.scrollIntoView({ block: "center" });
      }),
    );
  }

  function select(id, { scroll = true, focus = true } = {}) {
    for (const mark of $$("mark.sel")) mark.classList.remove("sel");
    current = id;
    const marks = marksOf(id);
    for (const mark of marks) mark.classList.add("sel");
    for (const item of $$(".findings-list li.sel")) item.classList.remove("sel");
    $(`.findings-list li[data-f="${id}"]`)?.classList.add("sel");
    const target = marks[0] || chapters[findings[id].chapter].text.children[findings[id].block];
    if (scroll && target) scrollToCenter(target);
    if (focus && marks[0]) marks[0].focus({ preventScroll: true });
    const card = $("#detail-card");
    card.replaceChildren(detailCard(id));
    card.hidden = false;
    $(".detail-empty").hidden = true;
    document.body.classList.add("has-selection");
    updatePosition();
    const finding = findings[id];
    $("#announce").textContent = `Finding ${id + 1}: ${finding.rule}, ${finding.message}`;
    history.replaceState(null, "", `#f-${id}`);
  }

  function clearSelection() {
    for (const mark of $$("mark.sel")) mark.classList.remove("sel");
    current = -1;
    $("#detail-card").hidden = true;
    $(".detail-empty").hidden = false;
    document.body.classList.remove("has-selection");
    updatePosition();
  }

  function firstBelowView() {
    // the first finding of the first chapter whose heading is below the top of the view
    for (const chapter of chapters) {
      if (chapter.section.getBoundingClientRect().bottom > 80) {
        return findings.find((f) => f.chapter >= chapter.index && !hiddenRules.has(f.rule));
      }
    }
    return undefined;
  }

  function step(direction) {
    const order = visibleOrder();
    if (!order.length) return;
    let at = order.indexOf(current);
    if (at < 0) {
      const below = firstBelowView();
      at = below ? order.indexOf(below.id) - (direction > 0 ? 1 : 0) : -1;
    }
    select(order[(at + direction + order.length) % order.length]);
  }

  function goToOffset(chapterIndex, offset) {
    const chapter = chapters[chapterIndex];
    openChapter(chapter);
    const blocks = blocksOf(chapter);
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (blocks[middle][0] <= offset) low = middle;
      else high = middle - 1;
    }
    const here = findings.find((f) => f.chapter === chapterIndex && f.start === offset && !hiddenRules.has(f.rule));
    if (here) {
      select(here.id);
      return;
    }
    renderUpTo(chapter, low + 2);
    const block = chapter.text.children[low];
    if (block) {
      scrollToCenter(block);
      block.classList.remove("flash");
      void block.offsetWidth;
      block.classList.add("flash");
    }
  }

  // -- filters ----------------------------------------------------------------------------

  function applyFilters() {
    for (const box of $$("input[data-filter-rule]")) {
      if (box.checked) hiddenRules.delete(box.dataset.filterRule);
      else hiddenRules.add(box.dataset.filterRule);
    }
    for (const box of $$("input[data-filter-family]")) {
      const rules = Object.keys(data.rules).filter((r) => data.rules[r].family === box.dataset.filterFamily);
      const shown = rules.filter((r) => !hiddenRules.has(r)).length;
      box.checked = shown > 0;
      box.indeterminate = shown > 0 && shown < rules.length;
    }
    for (const mark of $$("mark.f")) setMarkState(mark);
    for (const item of $$(".findings-list li")) item.hidden = hiddenRules.has(findings[Number(item.dataset.f)].rule);
    for (const row of $$(".rules-table tr[data-rule]")) row.classList.toggle("muted", hiddenRules.has(row.dataset.rule));
    if (current >= 0 && hiddenRules.has(findings[current].rule)) clearSelection();
    updatePosition();
  }

  // -- the tooltip ------------------------------------------------------------------------

  const tooltip = $("#tooltip");

  function showTooltip(mark) {
    const ids = visibleIds(mark.dataset.f.split(" ").map(Number));
    if (!ids.length) return;
    tooltip.replaceChildren(
      ...ids.map((id) => {
        const line = element("p");
        line.append(element("code", "", findings[id].rule), " ", findings[id].message);
        return line;
      }),
    );
    tooltip.hidden = false;
    const box = mark.getBoundingClientRect();
    const width = Math.min(420, window.innerWidth - 16);
    tooltip.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    tooltip.style.left = `${left + window.scrollX}px`;
    tooltip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  // -- events -----------------------------------------------------------------------------

  function copy(button) {
    const source = $(`#${button.dataset.copy}`);
    const text = source.textContent;
    const done = () => {
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy"), 1500);
    };
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand("copy")) done();
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  function chooseFromMark(mark) {
    const ids = visibleIds(mark.dataset.f.split(" ").map(Number));
    if (!ids.length) return;
    const at = ids.indexOf(current);
    select(ids[(at + 1) % ids.length], { scroll: false });
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("mark.f, [data-goto], [data-offset], [data-action], .toggle, a[data-chapter], a[href^='#ch-'], button");
    if (!target) return;
    if (target.matches("mark.f")) {
      tooltip.hidden = true;
      if (!target.classList.contains("off")) chooseFromMark(target);
    } else if (target.dataset.goto !== undefined) {
      event.preventDefault();
      select(Number(target.dataset.goto));
    } else if (target.dataset.offset !== undefined) {
      event.preventDefault();
      goToOffset(Number(target.dataset.chapter), Number(target.dataset.offset));
    } else if (target.dataset.action) {
      const action = target.dataset.action;
      if (action === "close") clearSelection();
      else step(action === "next" ? 1 : -1);
    } else if (target.classList.contains("toggle")) {
      const chapter = chapters[Number(target.closest(".chapter").dataset.chapter)];
      openChapter(chapter, chapter.body.hidden);
    } else if (target.matches("a[data-chapter], a[href^='#ch-']")) {
      const index = Number(target.dataset.chapter ?? target.getAttribute("href").slice(4));
      openChapter(chapters[index]);
    } else if (target.id === "next" || target.id === "prev") {
      step(target.id === "next" ? 1 : -1);
    } else if (target.id === "open-all" || target.id === "close-all") {
      for (const chapter of chapters) openChapter(chapter, target.id === "open-all");
    } else if (target.classList.contains("copy")) {
      copy(target);
    }
  });

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box.dataset.filterFamily) {
      for (const rule of $$("input[data-filter-rule]")) {
        if (data.rules[rule.dataset.filterRule].family === box.dataset.filterFamily) rule.checked = box.checked;
      }
    }
    if (box.dataset.filterFamily || box.dataset.filterRule) applyFilters();
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.matches(TYPING)) return;
    if ((event.key === "Enter" || event.key === " ") && target.matches("mark.f:not(.off)")) {
      event.preventDefault();
      chooseFromMark(target);
    } else if (event.key === "n" || event.key === "j") {
      event.preventDefault();
      step(1);
    } else if (event.key === "p" || event.key === "k") {
      event.preventDefault();
      step(-1);
    } else if (event.key === "Escape") {
      tooltip.hidden = true;
      if (current >= 0) {
        const mark = $("mark.sel");
        clearSelection();
        mark?.focus({ preventScroll: true });
      }
    }
  });

  document.addEventListener("mouseover", (event) => {
    const mark = event.target.closest("mark.f");
    if (mark && !mark.classList.contains("off")) showTooltip(mark);
  });
  document.addEventListener("mouseout", (event) => {
    if (event.target.closest("mark.f")) tooltip.hidden = true;
  });

  window.addEventListener("beforeprint", () => {
    for (const chapter of chapters) {
      chapter.body.hidden = false;
      renderUpTo(chapter, Infinity);
    }
    for (const details of $$("details")) details.open = true;
  });

  function followHash() {
    const hash = decodeURIComponent(location.hash.slice(1));
    let match = /^f-(\d+)$/.exec(hash);
    if (match && findings[Number(match[1])]) {
      select(Number(match[1]));
      return;
    }
    match = /^ch-(\d+)$/.exec(hash);
    if (match && chapters[Number(match[1])]) {
      openChapter(chapters[Number(match[1])]);
      chapters[Number(match[1])].section.scrollIntoView();
    }
  }

  if (data.open) for (const chapter of chapters) openChapter(chapter);
  window.addEventListener("hashchange", followHash);
  followHash();
  updatePosition();
  document.documentElement.classList.add("ready");
})();
