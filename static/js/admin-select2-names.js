/* select2, behind the admin's autocomplete widgets, draws a box of its own whose parts
   a screen reader cannot name: a "textbox" with no name, a combobox named only by the
   value it shows. Name both by the select's own <label>, as the hidden select was. */
(function () {
  "use strict";
  function name(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var shown = document.getElementById("select2-" + select.id + "-container");
    if (!label || !shown) { return; }
    if (!label.id) { label.id = select.id + "-label"; }
    shown.setAttribute("aria-label", label.textContent.trim());
    var box = shown.closest(".select2-selection");
    if (box) { box.setAttribute("aria-labelledby", label.id + " " + shown.id); }
  }
  function nameAll() {
    Array.prototype.forEach.call(document.querySelectorAll("select.admin-autocomplete"), name);
  }
  // The admin's autocomplete.js draws the boxes when jQuery says the page is ready; a
  // ready handler registered after its own runs after it. Pages without it have none.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameAll);
    document.addEventListener("formset:added", function () { window.setTimeout(nameAll, 0); });
  }
})();
