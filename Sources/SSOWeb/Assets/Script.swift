/// The one script: progressive enhancement only. Every page works without it; with it,
/// copy buttons appear, the test sign-in opens in a new tab (this tab reloads to show the
/// result when you come back), the HTTP-POST hand-off to the identity provider submits by
/// itself, a pending test result refreshes itself, and the operator's switch saves on change.
enum Script {
    static let text = #"""
    "use strict";
    (function () {
      function announce(button, text) {
        var status = button.parentNode.querySelector(".copy-status");
        if (status) { status.textContent = text; setTimeout(function () { status.textContent = ""; }, 2500); }
      }
      function copyText(text, button) {
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { announce(button, "Copied"); },
            function () { fallbackCopy(text, button); });
        } else {
          fallbackCopy(text, button);
        }
      }
      function fallbackCopy(text, button) {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.className = "offscreen";
        document.body.appendChild(area);
        area.select();
        var done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        document.body.removeChild(area);
        announce(button, done ? "Copied" : "Select the text and copy it");
      }
      function ready() {
        document.querySelectorAll("button[data-copy]").forEach(function (button) {
          button.hidden = false;
          button.addEventListener("click", function () {
            var source = document.getElementById(button.getAttribute("data-copy"));
            if (source) { copyText(source.value !== undefined && source.tagName !== "CODE" ? source.value : source.textContent, button); }
          });
        });
        document.querySelectorAll("form[data-new-tab]").forEach(function (form) {
          form.setAttribute("target", "_blank");
          var note = form.querySelector(".new-tab-note");
          if (note) { note.hidden = false; }
          form.addEventListener("submit", function () {
            var reload = function () {
              if (document.visibilityState === "visible") {
                document.removeEventListener("visibilitychange", reload);
                window.location.reload();
              }
            };
            setTimeout(function () { document.addEventListener("visibilitychange", reload); }, 500);
          });
        });
        document.querySelectorAll("form[data-autosubmit]").forEach(function (form) { form.submit(); });
        document.querySelectorAll("input[data-submit-on-change]").forEach(function (input) {
          var save = input.form && input.form.querySelector(".save-switch");
          if (save) { save.hidden = true; }
          input.addEventListener("change", function () { input.form.submit(); });
        });
        if (document.querySelector("[data-refresh-while-pending]")) {
          setTimeout(function () { window.location.reload(); }, 3000);
        }
      }
      if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
    })();

    """#
}
