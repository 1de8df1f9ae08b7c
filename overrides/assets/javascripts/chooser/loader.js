/**
 * Mounts the chooser on the page that has one. mkdocs.yml loads this small
 * module on every page because Material's instant navigation swaps page
 * content without a reload: a script only the chooser page loaded would not
 * run when a reader arrives there by a link. On any other page it does
 * nothing, and nothing of Pyodide is fetched.
 *
 * @module
 */

const SELECTOR = "[data-chooser]";

/** Mount the chooser element on this page, once, if there is one. */
function mountChooser() {
  const root = document.querySelector(SELECTOR);
  if (!root || root.dataset.mounted) return;
  root.dataset.mounted = "true";
  import("./chooser.js")
    .then(({ mount }) => mount(root))
    .catch((error) => showLoadFailure(root, error));
}

/** The page script itself failed to load: say so instead of waiting forever. */
function showLoadFailure(root, error) {
  const result = root.querySelector("#chooser-result");
  result.dataset.state = "error";
  result.setAttribute("aria-busy", "false");
  result.querySelector('[data-slot="progress"]').hidden = true;
  result.querySelector('[data-slot="error"]').hidden = false;
  result.querySelector('[data-slot="error-detail"]').textContent =
    `Its script did not load (${error.message}).`;
  result.querySelector('[data-slot="verdict"]').textContent =
    "No recommendation: the chooser's engine could not start.";
}

// Material emits document$ on the first load and after every instant navigation.
if (window.document$) window.document$.subscribe(mountChooser);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountChooser);
else mountChooser();
