// Portal-wide behaviour without inline scripts (the Content Security Policy forbids them).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-autosubmit]")) {
    target.form.submit();
  }
});
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
// 记工时: 派出部门 and 类别 only for 未经准入 work. Delegated, so forms that htmx swaps in work too.
function syncWorklogForm(form) {
  var line = form.querySelector("select[name=line]");
  if (!line) return;
  var unapproved = line.value === (form.getAttribute("data-unapproved") || "u");
  form.querySelectorAll(".unapproved-only").forEach(function (el) {
    el.classList.toggle("d-none", !unapproved);
  });
}
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches(".worklog-form select[name=line]")) {
    syncWorklogForm(target.form);
  }
});
// A part of a form shown for one choice of another: data-show-if="name=value" (准入申请's 按街道 /
// 指定社区 lists). Delegated too, and set again on content htmx swaps in.
function syncShowIf(root) {
  root.querySelectorAll("[data-show-if]").forEach(function (el) {
    var rule = el.getAttribute("data-show-if").split("=");
    var form = el.closest("form");
    var field = form && form.elements.namedItem(rule[0]);
    el.classList.toggle("d-none", !field || field.value !== rule[1]);
  });
}
document.addEventListener("change", function (event) {
  if (event.target.form) syncShowIf(event.target.form);
});
document.addEventListener("htmx:load", function (event) {
  syncShowIf(event.detail.elt);
});
syncShowIf(document);
// A form restored by the browser (back button) may show another choice than the server rendered.
window.addEventListener("pageshow", function () {
  document.querySelectorAll(".worklog-form").forEach(syncWorklogForm);
  syncShowIf(document);
});
// 周工时录入 on a phone: the day picker shows one column of the grid without reloading the page,
// and the form's "day" remembers it so that saving comes back to the same day.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-week-day]") : null;
  if (!button) return;
  var grid = document.getElementById(button.getAttribute("aria-controls"));
  if (!grid) return;
  event.preventDefault();
  if (button.classList.contains("disabled")) return;
  grid.className = grid.className.replace(/\bshow-day-\d\b/, "show-day-" + button.getAttribute("data-week-day"));
  var form = grid.closest("form");
  if (form && form.elements.day) form.elements.day.value = button.getAttribute("data-week-day");
  button.parentNode.querySelectorAll("[data-week-day]").forEach(function (other) {
    var on = other === button;
    other.classList.toggle("active", on);
    other.classList.toggle("btn-primary", on);
    other.classList.toggle("btn-outline-primary", !on);
    other.setAttribute("aria-pressed", on ? "true" : "false");
  });
});
// A form with data-confirm asks before it is sent (e.g. 撤销准入).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// A page answered with form errors opens on their summary (links jump to the fields).
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
