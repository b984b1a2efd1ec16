// Site-wide behaviour that htmx attributes cannot express. Loaded with the CSP nonce.
"use strict";

// Keep keyboard focus sensible after htmx swaps a section in: focus the element marked
// data-autofocus in the new content, so click-to-edit and inline forms work without a mouse.
// afterSettle fires on the new content itself, which also covers outerHTML swaps.
document.addEventListener("htmx:afterSettle", (event) => {
  const content = event.target;
  const field = content.matches("[data-autofocus]")
    ? content
    : content.querySelector("[data-autofocus]");
  if (field) field.focus();
});
