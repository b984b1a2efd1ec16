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

// An autocomplete that takes several rows (accused, places): picking a suggestion keeps it
// as a ticked box of its own and empties the text box for the next one. Without this, the
// box takes one name per submit, and the form shows each one kept as a ticked box.
const SUGGESTION_ID = /\s*\(#(\d+)\)$/;
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.matches("input[data-autocomplete-multiple]") || !box.list) return;
  const picked = Array.from(box.list.options).find((option) => option.value === box.value);
  const id = picked && SUGGESTION_ID.exec(picked.value);
  if (!id) return;
  const tick = document.createElement("input");
  tick.type = "checkbox";
  tick.name = box.name;
  tick.value = id[1];
  tick.checked = true;
  const label = document.createElement("label");
  label.className = "autocomplete-chosen";
  label.append(tick, ` ${picked.value.replace(SUGGESTION_ID, "")}`);
  box.before(label);
  box.value = "";
});
