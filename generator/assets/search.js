// Starts Pagefind's UI on the search page; a file of its own, since the pages' Content-Security-Policy runs no inline script.
(function () {
  var element = document.getElementById("briefing-search");
  if (element && window.PagefindUI) {
    new PagefindUI({element: "#briefing-search", bundlePath: element.dataset.bundle, showSubResults: true, showImages: false});
  }
})();
