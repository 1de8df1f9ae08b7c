/**
 * An early start for the chooser page (loaded, async, from chooser.html's
 * head, on full page loads only).
 *
 * Starts the tab's Python worker at once (engine.js, with the runtime's
 * addresses from the script element's data, as on the chooser element), so Python
 * starts while the rest of the page loads; the chooser, mounted later by
 * loader.js, joins the same engine (a module is evaluated once per tab)
 * and is shown the start-up stage it has reached. A failed start is shown
 * by the chooser, which starts it again when asked to retry.
 *
 * Adds `<link rel="preload">` hints for the runtime's files listed in the
 * script element's `data-chooser-preload`, so the browser fetches them while
 * the page is still loading; the Python worker, started later, then finds
 * them in the HTTP cache or already on their way. The hints are made here,
 * not written into the HTML, because Material's instant navigation copies a
 * new page's head elements into the current page: written-in hints would
 * fetch the files again each time a reader came back to the chooser,
 * although the tab's worker already has them. A script element copied that
 * way does not run again.
 *
 * @module
 */

import { getEngine } from "./engine.js";
import { initPayload } from "./messages.js";

const source = document.querySelector("script[data-chooser-preload]");
for (const href of source?.dataset.chooserPreload.split(" ").filter(Boolean) ?? []) {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = new URL(href, document.baseURI).href;
  document.head.append(link);
}

if (source?.dataset.runtime) {
  getEngine(initPayload(source.dataset))
    .start()
    .catch(() => {}); // the chooser shows the error once it is mounted
}
