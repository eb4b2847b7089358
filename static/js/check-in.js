// The check-in desk (issue 17, item 2). The field takes a card's token or a delegate's number;
// htmx posts it and shows the answer; the field is then emptied and focused for the next card.
// The camera button reads QR codes with the browser's BarcodeDetector, or with the vendored
// jsQR where there is none; a code read is put in the field and sent like a typed one.
(function () {
  "use strict";
  var DEVICE_KEY = "congress-day-device";

  function deviceName() {
    var name = window.localStorage && localStorage.getItem(DEVICE_KEY);
    if (!name) {
      name = "desk-" + Math.random().toString(36).slice(2, 8);
      if (window.localStorage) localStorage.setItem(DEVICE_KEY, name);
    }
    return name;
  }

  function ready(form) {
    var field = form.querySelector("input[name=entry]");
    field.value = "";
    field.focus();
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function startCamera(button, video, form) {
    var field = form.querySelector("input[name=entry]");
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    var stream = null;
    var last = "";
    var lastAt = 0;
    var startLabel = button.textContent;

    function found(text) {
      var now = Date.now();
      if (text && (text !== last || now - lastAt > 3000)) {
        last = text;
        lastAt = now;
        field.value = text;
        form.requestSubmit();
      }
    }

    function frame() {
      if (!stream) return;
      if (video.readyState >= 2) {
        if (detector) {
          detector.detect(video).then(function (codes) {
            if (codes.length) found(codes[0].rawValue);
          }).catch(function () {});
        } else if (window.jsQR) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          if (code) found(code.data);
        }
      }
      window.setTimeout(function () { window.requestAnimationFrame(frame); }, 150);
    }

    function stop() {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      button.textContent = startLabel;
    }

    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      var scanner = detector ? Promise.resolve() : loadScript(button.getAttribute("data-scanner"));
      scanner.then(function () {
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      }).then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        button.textContent = button.getAttribute("data-stop-label");
        return video.play();
      }).then(frame).catch(function () { stop(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("checkin-form");
    if (!form) return;
    var device = deviceName();
    form.querySelector("input[name=device]").value = device;
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt === form || form.contains(event.detail.elt)) ready(form);
    });
    document.body.addEventListener("htmx:afterSwap", function () {
      document.querySelectorAll("[data-device]").forEach(function (input) { input.value = device; });
      form.querySelector("input[name=entry]").focus();
    });
    var button = document.getElementById("checkin-camera");
    var video = document.getElementById("checkin-video");
    if (button && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      button.hidden = false;
      startCamera(button, video, form);
    }
    form.querySelector("input[name=entry]").focus();
  });
})();
