// Drag a card to another board: the card's own move form is filled in and submitted, so a drop
// does exactly what the select and the button do (which keyboard users use). Without this
// script the form alone works.
(function () {
  "use strict";
  function enable(root) {
    root.querySelectorAll(".app-card[data-borger]").forEach(function (card) {
      card.setAttribute("draggable", "true");
    });
  }
  function board(event) {
    return event.target instanceof Element ? event.target.closest(".app-board[data-tavle]") : null;
  }
  document.addEventListener("DOMContentLoaded", function () { enable(document); });
  document.addEventListener("htmx:afterSettle", function () { enable(document); });
  document.addEventListener("dragstart", function (event) {
    var card = event.target instanceof Element ? event.target.closest(".app-card[data-borger]") : null;
    if (!card || !event.dataTransfer) { return; }
    event.dataTransfer.setData("text/plain", card.id);
    event.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (event) {
    var target = board(event);
    if (target) { event.preventDefault(); target.classList.add("app-drop"); }
  });
  document.addEventListener("dragleave", function (event) {
    var target = board(event);
    if (target && !target.contains(event.relatedTarget)) { target.classList.remove("app-drop"); }
  });
  document.addEventListener("drop", function (event) {
    var target = board(event);
    if (!target || !event.dataTransfer) { return; }
    event.preventDefault();
    target.classList.remove("app-drop");
    var card = document.getElementById(event.dataTransfer.getData("text/plain"));
    if (!card || card.dataset.tavle === target.dataset.tavle) { return; }
    var form = card.querySelector("form");
    var select = form && form.querySelector("select[name=tavle]");
    if (!select) { return; }
    select.value = target.dataset.tavle;
    form.requestSubmit();
  });
})();
