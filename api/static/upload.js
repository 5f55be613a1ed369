/*
 * Evidence upload for the step form (progressive enhancement; the form works without it).
 *
 * Each file dropped on the drop zone, or picked with the file input, is streamed at once to
 * the screens' upload endpoint (POST /screens/evidence, the service of POST /v1/evidence),
 * the session's CSRF secret in X-CSRF-Token, with a progress bar. A failed upload keeps the
 * file and offers 重新上传, which sends the same bytes again: evidence is content-addressed,
 * so a restart registers nothing twice. An uploaded file is listed with its SHA-256 and
 * size, and cited by the form (a checkbox named "evidence"); an audio or video file can be
 * chosen as the step's full-process recording (R-AV-3). No library, nothing from another
 * host (ADR 0006).
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var zone = document.querySelector("[data-upload]");
  if (!zone) { return; }
  var url = zone.getAttribute("data-upload");
  var list = document.getElementById(zone.getAttribute("data-list"));
  var input = zone.querySelector("input[type=file]");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  function sizeWords(size) {
    var units = [["GB", 1 << 30], ["MB", 1 << 20], ["KB", 1 << 10]];
    for (var i = 0; i < units.length; i++) {
      if (size >= units[i][1]) {
        return (size / units[i][1]).toFixed(1) + " " + units[i][0] + " (" + size.toLocaleString("en-US") + " 字节)";
      }
    }
    return size + " 字节";
  }

  function cell(text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = text;
    return td;
  }

  function problemWords(xhr) {
    try {
      var problem = JSON.parse(xhr.responseText);
      // The server words the refusal in Chinese (``words``); the code stays beside it.
      return "上传失败：" + (problem.words || problem.detail || problem.title || "未能办理") +
        "（" + (problem.code || ("HTTP " + xhr.status)) + "）";
    } catch (e) {
      return "上传失败（HTTP " + xhr.status + "）";
    }
  }

  function alreadyListed(sha) {
    return list.querySelector('tr[data-sha="' + sha + '"]');
  }

  function done(row, file, ref) {
    var previous = alreadyListed(ref.sha256);
    if (previous && previous !== row) {
      row.parentNode.removeChild(row);  // the same bytes again: one row, one citation
      return;
    }
    row.className = "uploaded";
    row.setAttribute("data-sha", ref.sha256);
    row.textContent = "";
    var use = document.createElement("td");
    var box = document.createElement("input");
    box.type = "checkbox"; box.name = "evidence"; box.value = ref.sha256; box.checked = true;
    box.setAttribute("aria-label", "引用此文件");
    use.appendChild(box);
    row.appendChild(use);
    row.appendChild(cell(file.name));
    row.appendChild(cell(ref.media_type));
    row.appendChild(cell(sizeWords(ref.size)));
    row.appendChild(cell(ref.sha256, "hash"));
    var full = document.createElement("td");
    if (/^(audio|video)\//.test(ref.media_type)) {
      var radio = document.createElement("input");
      radio.type = "radio"; radio.name = "full_process_recording"; radio.value = ref.sha256;
      radio.setAttribute("aria-label", "作为全过程音像记录");
      full.appendChild(radio);
    }
    row.appendChild(full);
  }

  function send(file, row) {
    var bar = row.querySelector("progress");
    var status = row.querySelector(".status");
    var retry = row.querySelector("button.retry");
    var events = 0;
    retry.hidden = true;
    bar.value = 0;
    status.textContent = "上传中…";
    row.className = "uploading";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        events += 1;
        row.setAttribute("data-progress-events", String(events));
        bar.value = Math.round((e.loaded / e.total) * 100);
        status.textContent = "上传中 " + bar.value + "%";
      }
    };
    xhr.onload = function () {
      if (xhr.status === 200) {
        bar.value = 100;
        done(row, file, JSON.parse(xhr.responseText));
      } else {
        failed(xhr.status ? problemWords(xhr) : "上传失败");
      }
    };
    xhr.onerror = function () { failed("网络中断，上传未完成"); };
    xhr.onabort = function () { failed("上传已中止"); };
    function failed(words) {
      row.className = "failed";
      status.textContent = words;
      retry.hidden = false;
    }
    retry.onclick = function () { send(file, row); };
    xhr.send(file);
  }

  function add(file) {
    var row = document.createElement("tr");
    var td = document.createElement("td");
    td.colSpan = 6;
    var name = document.createElement("span");
    name.className = "file-name";
    name.textContent = file.name + "，" + sizeWords(file.size);
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    var status = document.createElement("span");
    status.className = "status";
    var retry = document.createElement("button");
    retry.type = "button"; retry.className = "retry"; retry.textContent = "重新上传"; retry.hidden = true;
    td.appendChild(name); td.appendChild(bar); td.appendChild(status); td.appendChild(retry);
    row.appendChild(td);
    list.appendChild(row);
    send(file, row);
  }

  function addAll(files) {
    for (var i = 0; i < files.length; i++) { add(files[i]); }
  }

  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files) { addAll(e.dataTransfer.files); }
  });
  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files);
    input.value = "";  // uploaded here: the form then posts no file bytes
    addAll(files);
  });
})();
