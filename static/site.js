// Progressive enhancement only: the pages work without it.
document.querySelectorAll("button[data-copy]").forEach(function (b) {
  var el = document.getElementById(b.getAttribute("data-copy"));
  if (!el || !navigator.clipboard) return;
  b.hidden = false;
  var label = b.textContent;
  b.addEventListener("click", function () {
    navigator.clipboard.writeText((el.value || el.textContent).trim()).then(function () {
      b.textContent = "✓ " + label;
      setTimeout(function () { b.textContent = label; }, 2000);
    });
  });
});
