// Optional: marks sessions as past by the visitor's clock, for a page older than today.
// The page is complete without it; the daily rebuild marks past sessions on the server.
(function () {
  var table = document.querySelector("table[data-timezone]");
  if (!table || !window.Intl) return;
  var zone = table.getAttribute("data-timezone");
  var today = new Intl.DateTimeFormat("sv-SE", {timeZone: zone}).format(new Date());
  var rows = table.querySelectorAll("tr[data-date]");
  for (var i = 0; i < rows.length; i++) {
    if (rows[i].getAttribute("data-date") < today && !/\bpast\b/.test(rows[i].className)) {
      rows[i].className += " past";
    }
  }
})();
