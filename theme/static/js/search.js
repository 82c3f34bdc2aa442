// The site search, on the search page only (templates/search.html): runs the query in
// ?q= on the index the production build writes to its language's pagefind/ folder (search.py)
// and lists the results: title, date and excerpt, the words found marked.
// An enhancement: without it the form still reloads the page, which then says that
// search needs JavaScript. Pagefind loads only once there is something to search for.
// Every word shown comes from the page, translated there. Pagefind's excerpts are HTML:
// only their text and <mark> elements are copied, never the markup itself.
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root) {
    return;
  }
  var BATCH = 20; // results shown at a time: each one's details are a request
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector("[data-search-status]");
  var lists = root.querySelector("[data-search-lists]");
  var list = root.querySelector("[data-search-results]");
  var more = root.querySelector("[data-search-more]");
  var library = null; // Pagefind, imported by the first search
  var results = [];
  var shown = 0;
  var current = 0; // the latest search: an older one's results arrive too late

  // A message of the page's with {count} and {query} filled in (a function, so that
  // "$&" in the query is not read as a replacement pattern).
  function say(name, count, query) {
    return root.getAttribute(name)
      .replace("{count}", function () { return count.toLocaleString(document.documentElement.lang); })
      .replace("{query}", function () { return query; });
  }

  function pagefind() {
    if (!library) {
      library = import(root.getAttribute("data-search-library"));
    }
    return library;
  }

  // The excerpt's text, with Pagefind's <mark>s kept; anything else becomes its text.
  function copyExcerpt(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(node.data));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        var into = to;
        if (node.localName === "mark" && to.localName !== "mark") {
          into = to.appendChild(document.createElement("mark"));
        }
        copyExcerpt(node, into);
      }
    });
  }

  function paragraph(className, text) {
    var element = document.createElement("p");
    element.className = className;
    if (text) {
      element.textContent = text;
    }
    return element;
  }

  function render(page) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (page.meta.date) {
      item.appendChild(paragraph("search-result__date", page.meta.date));
    }
    var excerpt = paragraph("search-result__excerpt");
    // DOMParser makes an inert document: nothing in it runs or loads.
    copyExcerpt(new DOMParser().parseFromString(page.excerpt, "text/html").body, excerpt);
    item.appendChild(excerpt);
    return item;
  }

  // The next batch of results; resolves to the first new result's link.
  function showMore() {
    var search = current;
    var batch = results.slice(shown, shown + BATCH);
    list.setAttribute("aria-busy", "true");
    shown += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); }))
      .then(function (pages) {
        if (search !== current) {
          return null;
        }
        var first = null;
        pages.forEach(function (page) {
          // Only the site's own pages, as the index gives them: /news/... (not //host or
          // /\host, which browsers read as another host)
          if (/^\/(?![\/\\])/.test(page.url)) {
            var item = list.appendChild(render(page));
            first = first || item.querySelector("a");
          }
        });
        more.hidden = shown >= results.length;
        list.setAttribute("aria-busy", "false");
        return first;
      });
  }

  function run(query) {
    var search = ++current;
    list.textContent = "";
    more.hidden = true;
    lists.hidden = true;
    results = [];
    shown = 0;
    // Busy while the results come in, so that they are read once complete.
    list.setAttribute("aria-busy", String(Boolean(query)));
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = root.getAttribute("data-searching");
    pagefind()
      .then(function (module) { return module.search(query); })
      .then(function (found) {
        if (search !== current || !found) {
          return null;
        }
        results = found.results;
        if (!results.length) {
          status.textContent = say("data-no-result", 0, query);
          lists.hidden = false;
          list.setAttribute("aria-busy", "false");
          return null;
        }
        status.textContent = say(results.length === 1 ? "data-result-one" : "data-result-other",
                                 results.length, query);
        return showMore();
      })
      .catch(function (error) {
        status.textContent = root.getAttribute("data-failed");
        lists.hidden = false;
        list.setAttribute("aria-busy", "false");
        throw error; // and in the console, for whoever looks into it
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.replaceState(null, "", address);
    run(query);
  });

  more.addEventListener("click", function () {
    showMore().then(function (first) {
      if (first) {
        first.focus(); // the button may go: keep the keyboard where the new results are
      }
    });
  });

  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  input.value = query;
  run(query);
})();
