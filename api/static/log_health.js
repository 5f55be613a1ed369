// The log-health panel (api/web/log_health.py): while a verification runs, ask the server each
// second how far it got, show it, and reload the page when it has ended. Progressive
// enhancement only: without this script the panel says to reload the page.
(function () {
  "use strict";
  var panel = document.getElementById("verification");
  if (!panel || panel.getAttribute("data-state") !== "running") {
    return;
  }
  var url = panel.getAttribute("data-poll");
  var checked = document.getElementById("verify-checked");
  var total = document.getElementById("verify-total");
  var bar = document.getElementById("verify-progress");

  function show(state) {
    if (checked) { checked.textContent = String(state.checked); }
    if (total) { total.textContent = String(state.total); }
    if (bar) {
      bar.max = Math.max(1, state.total);
      bar.value = state.checked;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (answer) {
        if (!answer.ok) { throw new Error("HTTP " + answer.status); }
        return answer.json();
      })
      .then(function (state) {
        if (state.state === "running") {
          show(state);
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // The server is restarting or the session ended: reloading shows which.
        window.setTimeout(function () { window.location.reload(); }, 3000);
      });
  }

  window.setTimeout(poll, 1000);
}());
