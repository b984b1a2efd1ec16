// Source reader: turn a passage selected in the captured text into a "Record claim" link that
// carries the quote and its character offsets to the claim form. Loaded for editors only.
//
// The server renders [data-source-text] run by run, so its text nodes joined together are
// exactly the source's text: counting characters through them gives offsets into source.text.
"use strict";

(() => {
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

  // The selected passage as {start, end, quote}, or null when nothing in the text is selected.
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
    return start < end ? { start, end, quote: text.slice(start, end) } : null;
  }

  function preview(quote) {
    const short = quote.length > 80 ? `${quote.slice(0, 77)}…` : quote;
    return `“${short}” (${quote.length} characters)`;
  }

  function update() {
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
  document.addEventListener("mouseup", update);
  document.addEventListener("keyup", update);
  // Pressing the link would otherwise clear the selection, hide the link and lose the click.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest("[data-record-claim] a")) event.preventDefault();
  });
})();
