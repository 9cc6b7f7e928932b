// The dataset editor: add and remove rows of a repeatable group (variables, resources)
// without a round trip. Without JavaScript the "Tambah baris" buttons submit the form and
// the server adds an empty row; rows left empty are ignored on save.
(function () {
  "use strict";
  var form = document.querySelector("form.editor");
  if (!form) return;

  function renumber(group) {
    var prefix = group.getAttribute("data-group");
    group.querySelectorAll("[data-row]").forEach(function (row, i) {
      row.querySelectorAll("[name]").forEach(function (el) {
        el.name = el.name.replace(new RegExp("^" + prefix + "\\.\\d+\\."), prefix + "." + i + ".");
        if (el.id) el.id = el.id.replace(new RegExp("^" + prefix + "-\\d+-"), prefix + "-" + i + "-");
      });
      row.querySelectorAll("label[for]").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(new RegExp("^" + prefix + "-\\d+-"), prefix + "-" + i + "-");
      });
      var heading = row.querySelector("h3");
      if (heading) heading.textContent = heading.textContent.replace(/\d+\s*$/, String(i + 1));
    });
  }

  function addRemoveButton(group, row) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary remove-row";
    button.textContent = group.getAttribute("data-remove-label") || "Hapus baris";
    button.addEventListener("click", function () {
      var rows = group.querySelectorAll("[data-row]");
      if (rows.length > 1) {
        row.remove();
        renumber(group);
      } else {
        clear(row);
      }
    });
    row.appendChild(button);
  }

  function clear(row) {
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "checkbox") el.checked = true;
      else if (el.type === "hidden") el.remove();
      else el.value = "";
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    row.querySelectorAll(".field-error, .remove-row").forEach(function (el) { el.remove(); });
  }

  form.querySelectorAll("[data-group]").forEach(function (group) {
    group.querySelectorAll("[data-row]").forEach(function (row) { addRemoveButton(group, row); });
    var add = group.querySelector("button[name=action][value^=add_]");
    if (!add) return;
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var rows = group.querySelectorAll("[data-row]");
      var copy = rows[rows.length - 1].cloneNode(true);
      clear(copy);
      add.parentNode.insertBefore(copy, add);
      addRemoveButton(group, copy);
      renumber(group);
      var first = copy.querySelector("input, textarea, select");
      if (first) first.focus();
    });
  });
})();
