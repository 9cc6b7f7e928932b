// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Suggest as you type: a listbox under the search field, driven by /api/v1/suggest.
  function suggestions(data) {
    var list = Array.isArray(data) ? data : (data.suggestions || data.results || []);
    return list.map(function (s) {
      return typeof s === "string" ? {text: s} : {text: s.title || s.text || "", slug: s.slug};
    }).filter(function (s) { return s.text; }).slice(0, 8);
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var box = document.createElement("ul");
    box.className = "suggest"; box.id = input.id + "-suggest"; box.setAttribute("role", "listbox");
    box.hidden = true;
    input.parentNode.appendChild(box);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("aria-expanded", "false");
    var timer = null, active = -1, seq = 0;
    function close() { box.hidden = true; active = -1; input.setAttribute("aria-expanded", "false"); }
    function choose(item) {
      close();
      // A suggested title leads straight to its dataset; free text searches.
      if (item.slug) { window.location.href = "/dataset/" + encodeURIComponent(item.slug); return; }
      input.value = item.text; input.form.submit();
    }
    var current = [];
    function mark() {
      Array.prototype.forEach.call(box.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      if (active >= 0) input.setAttribute("aria-activedescendant", box.id + "-" + active);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (data) {
            if (mine !== seq) return;
            var items = suggestions(data);
            current = items;
            box.innerHTML = "";
            items.forEach(function (item, i) {
              var li = document.createElement("li");
              li.setAttribute("role", "option"); li.id = box.id + "-" + i; li.textContent = item.text;
              li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
              box.appendChild(li);
            });
            box.hidden = items.length === 0; active = -1;
            input.setAttribute("aria-expanded", items.length ? "true" : "false");
          }).catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      var n = box.children.length;
      if (e.key === "Escape" && input.value) e.preventDefault();  // never erase the query
      if (box.hidden || !n) return;
      if (e.key === "ArrowDown") { active = (active + 1) % n; mark(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { active = (active - 1 + n) % n; mark(); e.preventDefault(); }
      // Escape closes the list and keeps what was typed (a search field would clear it)
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(current[active]); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });

  // Phones: the search filters open in a dialog from the "Filter" button above the results
  // (without this script the button is a link down to the filters).
  var toggle = document.querySelector("a[data-filters]"), facets = document.getElementById("filters");
  if (toggle && facets && typeof HTMLDialogElement === "function") {
    var sheet = document.createElement("dialog");
    sheet.className = "filter-sheet"; sheet.setAttribute("aria-labelledby", "filter-sheet-title");
    var head = document.createElement("div"); head.className = "sheet-head";
    var title = document.createElement("h2"); title.id = "filter-sheet-title";
    title.textContent = toggle.firstChild.textContent.trim();
    var shut = document.createElement("button"); shut.type = "button"; shut.className = "secondary";
    shut.textContent = toggle.dataset.close;
    head.appendChild(title); head.appendChild(shut); sheet.appendChild(head);
    document.body.appendChild(sheet);
    var opener = document.createElement("button");
    opener.type = "button"; opener.className = toggle.className; opener.textContent = toggle.textContent;
    opener.setAttribute("aria-haspopup", "dialog");
    toggle.parentNode.replaceChild(opener, toggle);
    var home = facets.parentNode, after = facets.nextSibling;
    opener.addEventListener("click", function () { sheet.appendChild(facets); sheet.showModal(); });
    shut.addEventListener("click", function () { sheet.close(); });
    sheet.addEventListener("click", function (e) {  // a tap on the backdrop closes it
      var r = sheet.getBoundingClientRect();
      if (e.target === sheet && (e.clientY < r.top || e.clientY > r.bottom || e.clientX < r.left || e.clientX > r.right)) sheet.close();
    });
    sheet.addEventListener("close", function () { home.insertBefore(facets, after); opener.focus(); });
    var wide = window.matchMedia("(min-width: 761px)");
    var onWide = function () { if (wide.matches && sheet.open) sheet.close(); };
    if (wide.addEventListener) wide.addEventListener("change", onWide);
  }

  // Live job progress: poll the job's JSON until it is finished.
  document.querySelectorAll("[data-job-url]").forEach(function (el) {
    var bar = el.querySelector("progress"), status = el.querySelector("[data-field=status]");
    function tick() {
      fetch(el.dataset.jobUrl, {headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.progress_total) { bar.max = job.progress_total; bar.value = job.progress_done; }
          else if (job.finished) { bar.max = 1; bar.value = 1; }
          Object.keys(job).forEach(function (key) {
            var f = el.querySelector("[data-field=" + key + "]");
            if (f && key !== "status") f.textContent = job[key] === null ? "?" : job[key];
          });
          status.textContent = job.status_label;
          el.dataset.status = job.status;
          bar.classList.toggle("progress-failed", job.status === "failed");
          el.querySelector("[data-field=message]").classList.toggle("field-error", job.status === "failed");
          if (job.finished) el.querySelectorAll("[data-while-running]").forEach(function (x) { x.hidden = true; });
          if (!job.finished) setTimeout(tick, 700);
          // Finished while watching: reload once so the error records appear.
          else if ((job.errors > 0 || job.warnings > 0) && el.dataset.finished !== "true") setTimeout(function () { location.reload(); }, 600);
        }).catch(function () { setTimeout(tick, 2000); });
    }
    if (el.dataset.finished !== "true") tick();
  });
})();
