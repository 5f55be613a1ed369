// The history's evidence played or shown in place (api/web/court.py): a click asks the server
// for a read ticket (the read recorded once, as the API records it) and puts a <video>,
// <audio> or <img> under the item. Progressive enhancement: without this script, or if the
// ticket is refused, the link opens the evidence's own page.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var secret = meta ? meta.getAttribute("content") : "";
  var tags = { video: "video", audio: "audio", img: "img" };

  function show(link, answer) {
    var box = link.parentNode.querySelector(".player");
    var tag = tags[answer.player];
    if (!box || !tag) {
      window.location.href = link.getAttribute("href");
      return;
    }
    var media = document.createElement(tag);
    media.src = answer.url;
    if (tag === "img") {
      media.alt = "证据图片";
    } else {
      media.controls = true;
      media.preload = "metadata";
    }
    box.textContent = "";
    box.appendChild(media);
    box.hidden = false;
    link.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.play") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    fetch(link.getAttribute("data-ticket"), {
      method: "POST",
      headers: { "X-CSRF-Token": secret, Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (answer) {
        if (!answer.ok) { throw new Error("HTTP " + answer.status); }
        return answer.json();
      })
      .then(function (answer) { show(link, answer); })
      .catch(function () { window.location.href = link.getAttribute("href"); });
  });
}());
