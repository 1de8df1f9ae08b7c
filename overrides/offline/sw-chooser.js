/**
 * Imported by the generated service worker (sw.js). The chooser's runtime is
 * cached at run time, in a cache named after this build's runtime files
 * (generate_sw.mjs writes the name in, and each file's SHA-256). The files
 * an earlier build's chooser cache holds with the same address and the same
 * bytes are copied into this build's cache, and when this worker takes over
 * the earlier caches go: a reader keeps two runtimes only while a new worker
 * waits, and a deploy that changed the scorer does not throw away the Pyodide
 * runtime (about 13 MB) that a reader kept, for reading offline among other
 * things.
 */
const CHOOSER_CACHE = "__CHOOSER_CACHE__";
/** This build's chooser files: address relative to the site root, and SHA-256 (hex). */
const CHOOSER_FILES = "__CHOOSER_FILES__";
const CHOOSER_PREFIX = CHOOSER_CACHE.replace(/[^-]+$/, "");

// Carried over while this worker installs, in the background, so that the
// reload a reader accepts waits for none of it; again as it takes over, for
// what the earlier worker cached in the meantime, before the earlier caches go.
self.addEventListener("install", (event) => {
  event.waitUntil(earlierCaches().then(carryOver).catch(notCarried));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    earlierCaches()
      .then((names) => carryOver(names).finally(() => Promise.all(names.map((name) => caches.delete(name)))))
      .catch(notCarried),
  );
});

function notCarried(error) {
  console.info(`Chooser cache: nothing carried over (${error.message})`);
}

/** The chooser caches of earlier builds, newest last as caches.keys() lists them. */
async function earlierCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(CHOOSER_PREFIX) && name !== CHOOSER_CACHE);
}

/**
 * Copy into this build's cache each of its files that an earlier cache holds
 * byte for byte (checked against the SHA-256 this build was made with, so a
 * file that changed under the same address is left behind).
 */
async function carryOver(names) {
  if (!names.length) return;
  const current = await caches.open(CHOOSER_CACHE);
  const earlier = await Promise.all([...names].reverse().map((name) => caches.open(name)));
  for (const file of CHOOSER_FILES) {
    const url = new URL(file.url, self.registration.scope);
    if (await current.match(url)) continue;
    for (const cache of earlier) {
      const response = await cache.match(url);
      if (!response) continue;
      const digest = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
      if (hex(digest) === file.sha256) {
        await current.put(url, response);
        break;
      }
    }
  }
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
