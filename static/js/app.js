// Site-wide behaviour that htmx attributes cannot express. Loaded with the CSP nonce.
"use strict";

// Keep keyboard focus sensible after htmx swaps a section: move it to the first field of a
// form that just appeared, so click-to-edit works without a mouse.
document.addEventListener("htmx:afterSwap", (event) => {
  const field = event.detail.target.querySelector("[data-autofocus]");
  if (field) field.focus();
});
