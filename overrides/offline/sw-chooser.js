/**
 * Imported by the generated service worker (sw.js). The chooser's runtime is
 * cached at run time, in a cache named after this build's runtime files
 * (generate_sw.mjs writes the name in). When this worker takes over, the
 * chooser caches of earlier builds go, so a reader never keeps two runtimes.
 */
const CHOOSER_CACHE = "__CHOOSER_CACHE__";
const CHOOSER_PREFIX = CHOOSER_CACHE.replace(/[^-]+$/, "");

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CHOOSER_PREFIX) && name !== CHOOSER_CACHE)
            .map((name) => caches.delete(name)),
        ),
      ),
  );
});
