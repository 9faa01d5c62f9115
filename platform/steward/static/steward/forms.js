// Generated action forms and live regions (steward.pages.action_forms).
//
// 1. A form post that fails answers 4xx with the form again, errors beside the fields and the
//    input kept; htmx does not swap error answers unless told, so tell it for our forms.
// 2. Live regions refresh with idiomorph ("morph" swaps) when the data changes elsewhere. A
//    refresh must never undo what a person is doing: a control whose value differs from the
//    one the page was drawn with (picked, typed, ticked, not yet submitted) keeps it, a form
//    that came back with errors keeps everything, the focused control keeps its value and
//    focus, a form's status message stays until its next answer, and a <details> stays open
//    or closed as the person left it.
(function () {
  "use strict";

  function touched(el) {
    if (el instanceof HTMLSelectElement) {
      const options = Array.from(el.options);
      if (el.multiple) return options.some((o) => o.selected !== o.defaultSelected);
      // With no option marked selected the browser shows the first: that is no choice yet.
      let drawn = options.length ? 0 : -1;
      options.forEach((o, i) => { if (o.defaultSelected) drawn = i; });
      return el.selectedIndex !== drawn;
    }
    if (el instanceof HTMLTextAreaElement) return el.value !== el.defaultValue;
    if (el instanceof HTMLInputElement) {
      if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
      if (el.type === "hidden" || el.type === "file") return false;
      return el.value !== el.defaultValue;
    }
    return false;
  }

  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    const elt = event.detail.elt;
    const ours = elt instanceof Element && elt.closest("form[data-action-form]");
    if (status >= 400 && status < 500 && (ours || event.detail.xhr.getResponseHeader("HX-Reswap"))) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  if (window.Idiomorph) {
    window.Idiomorph.defaults.ignoreActiveValue = true;
    window.Idiomorph.defaults.callbacks.beforeNodeMorphed = (oldNode) => {
      if (!(oldNode instanceof Element)) return true;
      if (oldNode.matches("form[data-unsaved], [data-morph-keep]")) return false;
      return !touched(oldNode);
    };
    // An opened <details> (an add form, a calendar piece) stays as the person left it.
    window.Idiomorph.defaults.callbacks.beforeAttributeUpdated = (name, node) =>
      !(name === "open" && node instanceof HTMLDetailsElement);
  }
})();
