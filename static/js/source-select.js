// Source reader: turn a passage selected in the captured text into a "Record claim" link that
// carries the quote and its character offsets to the claim form. Loaded for editors only.
//
// The server renders [data-source-text] run by run, so its text nodes joined together are
// exactly the source's text: counting characters through them gives offsets into source.text.
// The DOM counts UTF-16 code units, and source.text (a Python str) counts code points: the two
// part after the first character outside the Basic Multilingual Plane (an emoji, a flag, 𝔸),
// so the offsets sent are converted to code points.
"use strict";

(() => {
  // How many code points the first `units` UTF-16 units of `text` hold.
  function codePoints(text, units) {
    return [...text.slice(0, units)].length;
  }

  // Characters of the container's text before the boundary point (node, offset).
  function offsetWithin(container, node, offset) {
    const boundary = document.createRange();
    boundary.setStart(node, offset);
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let count = 0;
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text === node) return count + offset;
      // A text node that ends at or before the boundary counts in full; the first one after
      // it ends the walk.
      if (boundary.comparePoint(text, text.length) > 0) break;
      count += text.length;
    }
    return count;
  }

  // The selected passage as {start, end, quote}, its offsets in code points, or null when
  // nothing in the text is selected.
  function selectedPassage(container) {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    const text = container.textContent;
    let start = offsetWithin(container, range.startContainer, range.startOffset);
    let end = offsetWithin(container, range.endContainer, range.endOffset);
    // Double-clicks and drags often take in a space or a line break at either end.
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    if (start >= end) return null;
    const quote = text.slice(start, end);
    const first = codePoints(text, start);
    return { start: first, end: first + codePoints(quote, quote.length), quote };
  }

  function preview(quote) {
    const characters = [...quote];
    const short = characters.length > 80 ? `${characters.slice(0, 77).join("")}…` : quote;
    return `“${short}” (${characters.length} characters)`;
  }

  // While a mouse button is held the selection is still being dragged: showing the link then
  // would move the text under the pointer and the drag would end on another passage.
  let dragging = false;

  function update() {
    if (dragging) return;
    const container = document.querySelector("[data-source-text][data-record-url]");
    const control = document.querySelector("[data-record-claim]");
    if (!container || !control) return;
    // Keyboard users tab from their selection to the link: keep it while it has focus.
    if (control.contains(document.activeElement)) return;
    const passage = selectedPassage(container);
    control.hidden = passage === null;
    if (passage === null) return;
    const params = new URLSearchParams({
      source: container.dataset.source,
      quote: passage.quote,
      quote_start: String(passage.start),
      quote_end: String(passage.end),
    });
    const link = control.querySelector("a");
    link.href = `${container.dataset.recordUrl}?${params}`;
    link.dataset.quoteStart = String(passage.start);
    link.dataset.quoteEnd = String(passage.end);
    control.querySelector("[data-record-claim-preview]").textContent = preview(passage.quote);
  }

  document.addEventListener("selectionchange", update);
  document.addEventListener("mouseup", () => {
    dragging = false;
    update();
  });
  document.addEventListener("keyup", update);
  // Pressing the link would otherwise clear the selection, hide the link and lose the click.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest("[data-record-claim] a")) event.preventDefault();
    else if (event.button === 0) dragging = true;
  });
})();
