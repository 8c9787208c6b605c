/* Small conveniences on the application form. Without this script the form works the
   same: both role sections and every empty row are simply shown, and the sections fold
   and unfold by themselves (<details>). */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // Show only the section of the chosen role; a section with an error stays visible.
  var sections = form.querySelectorAll("[data-for-role]");
  function syncRole() {
    var checked = form.querySelector('input[name="role"]:checked');
    var role = checked ? checked.value : "";
    each(sections, function (section) {
      var hasError = section.querySelector(".errorlist") !== null;
      section.hidden = role !== "" && section.getAttribute("data-for-role") !== role && !hasError;
    });
  }
  each(form.querySelectorAll('input[name="role"]'), function (input) {
    input.addEventListener("change", syncRole);
  });
  syncRole();

  // Repeated rows: keep the filled ones and one empty row, fold the rest behind a button.
  function isEmpty(row) {
    if (row.querySelector(".errorlist")) { return false; }
    var fields = row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    return Array.prototype.every.call(fields, function (field) { return !field.value; });
  }
  each(form.querySelectorAll("[data-rows]"), function (group) {
    var rows = Array.prototype.slice.call(group.querySelectorAll("[data-row]"));
    var emptyShown = false;
    rows.forEach(function (row) {
      if (isEmpty(row)) {
        row.hidden = emptyShown;
        emptyShown = true;
      }
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary add-row";
    button.textContent = group.getAttribute("data-add-label");
    function update() {
      button.hidden = !rows.some(function (row) { return row.hidden; });
    }
    button.addEventListener("click", function () {
      var next = rows.filter(function (row) { return row.hidden; })[0];
      if (next) {
        next.hidden = false;
        var first = next.querySelector("input:not([type=hidden]), select, textarea");
        if (first) { first.focus(); }
      }
      update();
    });
    group.appendChild(button);
    update();
  });
})();
