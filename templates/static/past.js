// Optional, like everything here: the pages work without it.
// 1. Keeps the home page right when it is older than the visitor's today (a missed
// rebuild). It moves the "next session" card, the badges and the greying to the visitor's
// date, from the schedule the page carries. Without it the page shows its build day's state
// and says when it was built.
// 2. In WeChat's browser, opens the note beside each calendar button (see openCalendarHelp).
(function () {
  moveNextSession();
  openCalendarHelp();

  // WeChat's in-app browser opens neither .ics files nor webcal: links, and most workers
  // follow the link inside WeChat. Elsewhere the note stays one tap away ("在微信里打不开？").
  function openCalendarHelp() {
    if (!/MicroMessenger/i.test(navigator.userAgent)) return;
    var notes = document.querySelectorAll("details.calendar-help");
    for (var i = 0; i < notes.length; i++) notes[i].open = true;
  }

  function moveNextSession() {
    var data = document.getElementById("schedule-data");
    var card = document.querySelector("section.next");
    if (!data || !card || !window.Intl || !window.JSON) return;
    var schedule = JSON.parse(data.textContent);
    var today;
    try {
      today = new Intl.DateTimeFormat("sv-SE", {timeZone: schedule.zone}).format(new Date());
    } catch (error) {
      return;
    }
    // A phone whose clock is behind the build must not undo what the build knew.
    if (today <= schedule.built) return;
    var coming = schedule.sessions.filter(function (s) { return s.day >= today; });
    var nextDay = coming.length ? coming[0].day : null;
    var nextLabel = nextDay === today ? "今天" : "下一次";
    var sameDay = coming.filter(function (s) { return s.day === nextDay; });

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }
    function dateLabel(day) {
      var p = day.split("-");
      return p[0] + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
    }
    function weekday(day) {
      var p = day.split("-");
      var n = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])).getUTCDay();
      return "星期" + "日一二三四五六".charAt(n);
    }

    var rows = document.querySelectorAll("tr[data-date]");
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (/\bcancelled\b/.test(row.className)) continue;
      var day = row.getAttribute("data-date");
      var state = day < today ? "past" : day === nextDay ? "next" : null;
      if (!state) continue;
      row.className = state;
      var badge = row.querySelector("th .badge");
      if (!badge) badge = row.querySelector("th").appendChild(el("span"));
      badge.className = "badge badge-" + state;
      badge.textContent = state === "past" ? "已结束" : nextLabel;
    }

    var updated = card.querySelector(".updated");
    var help = document.querySelector(".calendar-help");
    while (card.firstChild) card.removeChild(card.firstChild);
    var heading = card.appendChild(el("h2", "", nextDay ? nextLabel + "接访" : "接访安排"));
    heading.id = "next-heading";
    if (nextDay) {
      card.appendChild(el("p", "next-date", dateLabel(nextDay)))
        .appendChild(el("span", "weekday", "（" + weekday(nextDay) + "）"));
      sameDay.forEach(function (s) {
        var venue = schedule.venues[s.venue];
        var block = card.appendChild(el("div", "next-session"));
        var time = block.appendChild(el("p", "next-time", s.time));
        if (s.badge) time.appendChild(el("span", "badge badge-rescheduled", s.badge)).before(" ");
        if (s.was) { time.appendChild(el("br")); time.appendChild(el("del", "was", s.was)); }
        var place = block.appendChild(el("p", "next-place", venue.place));
        if (venue.address) { place.appendChild(el("br")); place.appendChild(el("span", "muted", venue.address)); }
        if (venue.phone) { // [label, number, tel: URI]: the venue's own phone, as the build shows it
          place.appendChild(el("br"));
          place.appendChild(document.createTextNode(venue.phone[0] + "："));
          place.appendChild(el("a", "tel", venue.phone[1])).href = venue.phone[2];
        }
        var actions = block.appendChild(el("div", "actions"));
        var base = data.getAttribute("data-root") + "sessions/" + s.id;
        if (s.ics !== false) actions.appendChild(el("a", "button", "加入我的日历")).href = base + ".ics";
        actions.appendChild(el("a", "button", "详情和地图")).href = base + ".html";
        if (s.ics !== false && help) actions.appendChild(help.cloneNode(true));
      });
    } else {
      card.appendChild(el("p", "", "本期日程中的接访已全部结束。新的安排公布后会在这里显示；有欠薪问题可以随时在线反映或打电话。"));
    }
    // As the build does (index.html): calling and complaining come before a card of several
    // sessions, which is taller than a phone's screen, and after a card of one.
    var actions = document.querySelector("section.help");
    if (actions) card.parentNode.insertBefore(actions, sameDay.length > 1 ? card : data.nextSibling);
    if (updated) {
      updated.textContent += "，已按本机日期 " + dateLabel(today) + " 显示";
      card.appendChild(updated);
    }
  }
})();
