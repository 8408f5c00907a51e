// Keeps the send progress in the admin up to date until the send finishes.
(function () {
  const section = document.querySelector("[data-send-progress]");
  // A finished send shows its report as rendered; only a running one is polled.
  if (!section || section.dataset.finished === "1") return;
  const url = section.dataset.sendProgress;
  const field = (name) => section.querySelector(`[data-field="${name}"]`);
  async function poll() {
    let data;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(response.statusText);
      data = await response.json();
    } catch (error) {
      window.setTimeout(poll, 5000);
      return;
    }
    for (const name of ["percent", "sent", "failed", "unknown", "remaining", "total"]) {
      const element = field(name);
      if (element) element.textContent = data[name];
    }
    field("percent-bar").value = data.percent;
    if (data.finished) {
      window.location.reload();
      return;
    }
    window.setTimeout(poll, 1500);
  }
  window.setTimeout(poll, 1500);
})();
