// Keeps what an editor typed when saving fails because the session expired. Loaded with the
// CSP nonce; the sign-in page's path comes from this script's data-sign-in attribute.
//
// The server answers a signed-out htmx request with HX-Redirect to the sign-in page
// (claims/signin.py), and htmx then leaves the page. htmx 2 fires htmx:beforeOnLoad before it
// acts on HX-Redirect, so the form's fields are still there to be read. They are kept in this
// tab's sessionStorage, under the page and the form's action, and put back the next time that
// form is on show here (on page load, or swapped in by htmx), once, with a notice.
"use strict";

(() => {
  const signIn = document.currentScript.dataset.signIn;
  const PREFIX = "counterclaim:unsaved:";
  // The CSRF token changes when one signs in again; a password or a file is never kept.
  const SKIPPED_TYPES = new Set(["password", "file", "submit", "button", "reset", "image"]);

  const keyFor = (form) => `${PREFIX}${window.location.pathname} ${form.action}`;

  // Each field by its name and its place among the fields of that name; a box or a radio
  // button by its name and value, so that the set of choices may differ when it comes back.
  const fieldsOf = (form) => {
    const seen = new Map();
    const fields = [];
    for (const field of form.elements) {
      if (!field.name || field.disabled || field.name === "csrfmiddlewaretoken") continue;
      if (SKIPPED_TYPES.has(field.type)) continue;
      const checkable = field.type === "checkbox" || field.type === "radio";
      const n = seen.get(field.name) || 0;
      seen.set(field.name, n + 1);
      fields.push([checkable ? `${field.name}=${field.value}` : `${field.name}#${n}`, field]);
    }
    return fields;
  };

  const valueOf = (field) => {
    if (field.type === "checkbox" || field.type === "radio") return field.checked;
    if (field.multiple) return Array.from(field.selectedOptions, (option) => option.value);
    return field.value;
  };

  const setValue = (field, value) => {
    if (field.type === "checkbox" || field.type === "radio") field.checked = value;
    else if (field.multiple) {
      for (const option of field.options) option.selected = value.includes(option.value);
    } else field.value = value;
  };

  document.addEventListener("htmx:beforeOnLoad", (event) => {
    const redirect = event.detail.xhr.getResponseHeader("HX-Redirect");
    if (!redirect || new URL(redirect, window.location.href).pathname !== signIn) return;
    const form = event.target.closest("form");
    if (!form || form.method !== "post") return;
    const values = Object.fromEntries(fieldsOf(form).map(([key, field]) => [key, valueOf(field)]));
    try {
      sessionStorage.setItem(keyFor(form), JSON.stringify(values));
    } catch {
      // Storage full or refused: the edit is lost as it would have been without this.
    }
  });

  const restore = (form) => {
    let saved;
    try {
      saved = sessionStorage.getItem(keyFor(form));
      if (saved === null) return;
      sessionStorage.removeItem(keyFor(form));
      saved = JSON.parse(saved);
    } catch {
      return;
    }
    for (const [key, field] of fieldsOf(form)) {
      if (Object.hasOwn(saved, key)) setValue(field, saved[key]);
    }
    const notice = document.createElement("p");
    notice.className = "message message-warning";
    notice.setAttribute("role", "status");
    notice.textContent = "Your unsaved text was restored — check it and save.";
    form.prepend(notice);
    const folded = form.closest("details");
    if (folded) folded.open = true;
  };

  const restoreWithin = (root) => {
    if (root.matches("form")) restore(root);
    root.querySelectorAll("form").forEach(restore);
  };

  restoreWithin(document.documentElement);
  document.addEventListener("htmx:afterSettle", (event) => restoreWithin(event.target));
})();
