// Show only the recipient field matching the chosen kind (person / collective / household).
(function () {
  function sync() {
    var kind = document.getElementById("id_recipient_kind");
    if (!kind) return;
    document.querySelectorAll(".recipient-field").forEach(function (el) {
      el.hidden = el.dataset.kind !== kind.value;
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "id_recipient_kind") sync();
  });
  document.addEventListener("htmx:afterSwap", sync);
  document.addEventListener("DOMContentLoaded", sync);
})();
