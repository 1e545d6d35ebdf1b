// @mention autocomplete for the community's textareas (those with data-mentions, the
// suggestions URL). Typing "@" and part of a name lists up to eight people; arrow keys
// move, Enter or Tab inserts "@[Name](person:id)", Escape closes. The textarea keeps
// focus and points at the highlighted option with aria-activedescendant.
(function () {
  "use strict";

  // A first name, and optionally the start of a second: "@Rebecca O".
  var TRIGGER = /(^|[\s(])@([^\s@[\]()]{1,40}(?: [^\s@[\]()]{0,40})?)$/;
  var counter = 0;

  function setUp(textarea) {
    if (textarea.hasAttribute("data-mentions-ready")) { return; }
    textarea.setAttribute("data-mentions-ready", "");
    counter += 1;
    var listId = "mention-list-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "list-group position-absolute top-100 start-0 shadow z-3";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", textarea.getAttribute("data-mentions-label") || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.parentNode.classList.add("position-relative");
    textarea.after(list, status);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);

    var people = [];
    var active = -1;
    var start = -1;
    var ticket = 0;
    var timer = null;

    function close() {
      ticket += 1;
      list.hidden = true;
      list.replaceChildren();
      people = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.classList.toggle("active", i === index);
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      textarea.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var person = people[index];
      if (!person) { return; }
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, start) + person.insert + " ";
      textarea.value = before + textarea.value.slice(caret);
      textarea.setSelectionRange(before.length, before.length);
      close();
      textarea.focus();
    }

    function show(results) {
      list.replaceChildren();
      people = results;
      if (!results.length) {
        close();
        status.textContent = textarea.getAttribute("data-mentions-empty") || "";
        return;
      }
      status.textContent = "";
      results.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("data-index", String(i));
        var name = document.createElement("span");
        name.className = "fw-semibold";
        name.textContent = person.name;
        option.appendChild(name);
        if (person.detail) {
          var detail = document.createElement("small");
          detail.className = "d-block text-body-secondary";
          detail.textContent = person.detail;
          option.appendChild(detail);
        }
        list.appendChild(option);
      });
      list.hidden = false;
      highlight(0);
    }

    function lookUp() {
      var caret = textarea.selectionStart;
      var match = caret === textarea.selectionEnd && TRIGGER.exec(textarea.value.slice(0, caret));
      if (!match) { close(); return; }
      start = caret - match[2].length - 1;
      ticket += 1;
      var mine = ticket;
      var url = textarea.getAttribute("data-mentions") + "?q=" + encodeURIComponent(match[2]);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === ticket) { show(data.results || []); } })
        .catch(close);
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden || !people.length) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % people.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + people.length) % people.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    textarea.addEventListener("blur", close);
    // mousedown, not click: keeps focus in the textarea, so blur does not close the list first.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        choose(Number(option.getAttribute("data-index")));
      }
    });
  }

  function scan(root) {
    root.querySelectorAll("textarea[data-mentions]").forEach(setUp);
    root.querySelectorAll("[data-reply-cancel]").forEach(function (button) { button.hidden = false; });
  }

  scan(document);
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt); });

  // A comment's "Reply" opens a <details> box. Opening it puts the cursor in the box, so
  // what the person types goes there (and Space types a space instead of closing it);
  // Escape or Cancel closes it and gives the keyboard back to "Reply".
  function closeReply(box) {
    box.open = false;
    box.querySelector("summary").focus();
  }
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("details[data-reply-box]") || !box.open) { return; }
    // Only when the person opened it: a box open on arrival, showing its error, leaves
    // the page where the browser put it.
    if (!box.contains(document.activeElement)) { return; }
    var textarea = box.querySelector("textarea");
    if (textarea) { textarea.focus(); }
  }, true);
  document.addEventListener("keydown", function (event) {
    // The mention list takes Escape first, when it is open (it prevents the default).
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    var box = event.target.closest && event.target.closest("details[data-reply-box]");
    if (!box || !box.open) { return; }
    event.preventDefault();
    closeReply(box);
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-reply-cancel]");
    if (cancel) { closeReply(cancel.closest("details[data-reply-box]")); }
  });

  // A reaction bar is swapped whole; put focus back on the button that was pressed,
  // so a keyboard user keeps their place.
  var pressedKind = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest(".sb-reactions form");
    var kind = form && form.querySelector("input[name=kind]");
    pressedKind = kind ? kind.value : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pressedKind) { return; }
    var input = document.querySelector('.sb-reactions input[name=kind][value="' + pressedKind + '"]');
    var button = input && input.form.querySelector("button");
    pressedKind = null;
    if (button) { button.focus(); }
  });
})();
