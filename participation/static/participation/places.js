// The places left at an event, from the live figures: the event's page is cached,
// this small request is not (and carries no cookie, so it never varies per person).
document.querySelectorAll("[data-places]").forEach(function (element) {
  fetch(element.dataset.places, { credentials: "omit" })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (figures) {
      if (figures && figures.open) {
        element.textContent = figures.text;
      }
    })
    .catch(function () {});
});
