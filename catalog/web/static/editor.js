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

// Regions covered: a filter-as-you-type list over the select's options (the regency, its
// kecamatan and desa/kelurahan, from catalog/data). The select stays the form's value (it is
// hidden, not removed); without JavaScript it is the picker itself.
(function () {
  "use strict";
  var box = document.querySelector("form.editor [data-region-picker]");
  if (!box) return;
  var select = box.querySelector("select");
  var label = box.querySelector("label[for='" + select.id + "']");
  var hint = box.querySelector(".hint");
  var MAX = 15;

  function words(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  var search = document.createElement("input");
  search.type = "search";
  search.id = select.id + "-search";
  search.autocomplete = "off";
  search.setAttribute("aria-describedby", hint ? hint.id : "");
  var searchLabel = document.createElement("label");
  searchLabel.htmlFor = search.id;
  searchLabel.textContent = box.getAttribute("data-search-label");
  var results = document.createElement("ul");
  results.className = "region-results";
  results.id = select.id + "-results";
  results.setAttribute("aria-label", box.getAttribute("data-results-label"));
  var status = document.createElement("p");
  status.className = "hint";
  status.setAttribute("role", "status");
  var chosenHead = document.createElement("p");
  chosenHead.className = "region-chosen-head";
  chosenHead.id = select.id + "-chosen-head";
  chosenHead.textContent = box.getAttribute("data-chosen-label");
  var chosen = document.createElement("ul");
  chosen.className = "region-chosen";
  chosen.setAttribute("aria-labelledby", chosenHead.id);

  if (hint && box.getAttribute("data-js-hint")) hint.textContent = box.getAttribute("data-js-hint");
  // The group's own label now names the chosen list; the search box has its own label.
  if (label) {
    var heading = document.createElement("p");
    heading.className = "region-heading";
    heading.textContent = label.textContent;
    label.replaceWith(heading);
  }
  select.hidden = true;
  select.removeAttribute("aria-describedby");
  box.insertBefore(chosen, select);
  box.insertBefore(chosenHead, chosen);
  box.insertBefore(searchLabel, chosenHead);
  box.insertBefore(search, chosenHead);
  box.insertBefore(status, chosenHead);
  box.insertBefore(results, chosenHead);

  function renderChosen() {
    chosen.textContent = "";
    var any = false;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.selected) return;
      any = true;
      var item = document.createElement("li");
      item.appendChild(document.createTextNode(option.text + " "));
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = box.getAttribute("data-remove-label");
      remove.setAttribute("aria-label", box.getAttribute("data-remove-label") + ": " + option.text);
      remove.addEventListener("click", function () {
        option.selected = false;
        renderChosen();
        renderResults();
        search.focus();
      });
      item.appendChild(remove);
      chosen.appendChild(item);
    });
    if (!any) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = box.getAttribute("data-none");
      chosen.appendChild(none);
    }
  }

  function renderResults() {
    results.textContent = "";
    var wanted = words(search.value.trim());
    if (wanted.length < 2) {
      status.textContent = "";
      return;
    }
    var found = 0;
    Array.prototype.forEach.call(select.options, function (option) {
      if (found >= MAX || option.selected || words(option.text).indexOf(wanted) < 0) return;
      found += 1;
      var item = document.createElement("li");
      var choose = document.createElement("button");
      choose.type = "button";
      choose.className = "link";
      choose.textContent = option.text;
      choose.addEventListener("click", function () {
        option.selected = true;
        search.value = "";
        renderChosen();
        renderResults();
        search.focus();
      });
      item.appendChild(choose);
      results.appendChild(item);
    });
    status.textContent = found ? "" : box.getAttribute("data-no-match");
  }

  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {  // Enter chooses the first match instead of saving the form
      event.preventDefault();
      var first = results.querySelector("button");
      if (first) first.click();
    } else if (event.key === "ArrowDown") {
      var next = results.querySelector("button");
      if (next) { event.preventDefault(); next.focus(); }
    }
  });
  results.addEventListener("keydown", function (event) {
    var buttons = Array.prototype.slice.call(results.querySelectorAll("button"));
    var at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < buttons.length) { event.preventDefault(); buttons[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? buttons[at - 1] : search).focus(); }
    if (event.key === "Escape") { event.preventDefault(); search.focus(); }
  });
  renderChosen();
})();
