/* Child-protection screens (H7), progressive enhancement only: the forms work without it.
 *
 * Each document field (input[data-sha256][data-subject]) gets a file picker: the chosen file
 * is streamed to the screens' upload endpoint (POST /screens/evidence, purpose child, the
 * same service as POST /v1/evidence, sealed at rest under the child's file) with the page's
 * CSRF token, and the field is filled with the SHA-256 the server computed. Nothing is
 * fetched from anywhere else; no library. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) { return; }
  var csrf = meta.getAttribute("content");

  function widget(input) {
    var box = document.createElement("div");
    box.className = "upload";
    var picker = document.createElement("input");
    picker.type = "file";
    picker.setAttribute("aria-label", "上传文书以填写 SHA-256");
    var state = document.createElement("span");
    state.className = "state";
    box.appendChild(picker);
    box.appendChild(state);
    input.parentNode.insertBefore(box, input.nextSibling);

    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      if (!file) { return; }
      var url = "/screens/evidence?purpose=child&subject_id=" +
        encodeURIComponent(input.getAttribute("data-subject"));
      var request = new XMLHttpRequest();
      request.open("POST", url);
      request.setRequestHeader("X-CSRF-Token", csrf);
      request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      request.setRequestHeader("Accept", "application/json");
      state.className = "state";
      state.textContent = "上传中…";
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { state.textContent = "上传中 " + Math.round(100 * e.loaded / e.total) + "%"; }
      });
      request.addEventListener("load", function () {
        var answer = null;
        try { answer = JSON.parse(request.responseText); } catch (ignored) { answer = null; }
        if (request.status >= 200 && request.status < 300 && answer && answer.sha256) {
          input.value = answer.sha256;
          state.className = "state ok";
          state.textContent = "已上传（" + file.name + "）";
        } else {
          state.className = "state bad";
          state.textContent = "未能上传：" + ((answer && (answer.detail || answer.code)) || request.status);
        }
      });
      request.addEventListener("error", function () {
        state.className = "state bad";
        state.textContent = "未能上传：网络中断，请重试";
      });
      request.send(file);
    });
  }

  var fields = document.querySelectorAll("input[data-sha256][data-subject]");
  for (var i = 0; i < fields.length; i += 1) { widget(fields[i]); }
}());
