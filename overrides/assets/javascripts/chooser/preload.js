/**
 * Early downloads for the chooser page (loaded, async, from chooser.html's
 * head, on full page loads only).
 *
 * Adds `<link rel="preload">` hints for the runtime's big files listed in the
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

const source = document.querySelector("script[data-chooser-preload]");
for (const href of source?.dataset.chooserPreload.split(" ").filter(Boolean) ?? []) {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = new URL(href, document.baseURI).href;
  document.head.append(link);
}
