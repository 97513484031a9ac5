// The error summary carries `autofocus`, which is enough where scripts do not run. Where they do,
// the design system's container draws its content after the browser has applied autofocus, so the
// summary is given the focus again once the container is ready: a person who sent the form with
// mistakes lands on the list of them.
const summary = document.querySelector(".dossier-error-summary[autofocus]");
if (summary) {
  const container = summary.closest("gcds-container");
  customElements
    .whenDefined("gcds-container")
    .then(() => container?.componentOnReady?.())
    .then(() => {
      if (document.activeElement === document.body || document.activeElement === null) summary.focus();
    });
}
