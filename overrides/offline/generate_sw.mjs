/**
 * Generate the site's service worker with Workbox (npm workbox-build, pinned).
 *
 *   node overrides/offline/generate_sw.mjs <site dir>
 *
 * Writes into the built site:
 *   sw.js (+ workbox-<hash>.js)  the precache of every page, the search index
 *                               and the theme's assets (Workbox's own list,
 *                               with a revision per file); the chooser's
 *                               runtime is left out and cached on first use
 *   sw-chooser.js              imported by sw.js: names the chooser's cache of
 *                               this build and drops the caches of older ones
 *   offline.json               what the "Save for offline reading" control needs:
 *                               sizes, and the chooser's files and cache name
 * Prints one JSON line with the figures.
 */

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSW, getManifest } from "workbox-build";

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE_ID = "node-or-flask";
// The chooser's runtime (Pyodide and the scorer bundle), by the runtime hook.
const CHOOSER_FILES = "assets/pyodide/**/*";
// The largest file of the site is Pyodide's WebAssembly (about 9.6 MB).
const MAX_BYTES = 64 * 1024 * 1024;

const siteDir = process.argv[2];
if (!siteDir) {
  console.error("usage: node generate_sw.mjs <site dir>");
  process.exit(2);
}

// Cached the first time the chooser runs, or by "Save for offline reading".
const chooser = await getManifest({
  globDirectory: siteDir,
  globPatterns: [CHOOSER_FILES],
  maximumFileSizeToCacheInBytes: MAX_BYTES,
});
const digest = createHash("sha256");
for (const entry of chooser.manifestEntries) digest.update(`${entry.url} ${entry.revision}\n`);
const chooserCache = `${CACHE_ID}-chooser-${digest.digest("hex").slice(0, 12)}`;
const chooserSizes = chooser.manifestEntries.map((entry) => ({
  url: entry.url,
  bytes: sizeOf(join(siteDir, entry.url)),
}));

writeFileSync(
  join(siteDir, "sw-chooser.js"),
  readFileSync(join(HERE, "sw-chooser.js"), "utf8").replace(
    '"__CHOOSER_CACHE__"',
    JSON.stringify(chooserCache),
  ),
);

const precache = await generateSW({
  globDirectory: siteDir,
  globPatterns: ["**/*.{html,css,js,json,svg,png,ico,xml,webmanifest}"],
  globIgnores: [
    CHOOSER_FILES,
    "sw.js",
    "sw-chooser.js",
    "workbox-*.js",
    "offline.json",
    "sitemap.xml.gz",
    "**/*.zip",
    // Material loads lunr language files only for languages other than English.
    "assets/javascripts/lunr/**",
    // Social cards are for link previews in other apps; no page shows them.
    "assets/images/social/**",
  ],
  swDest: join(siteDir, "sw.js"),
  cacheId: CACHE_ID,
  mode: "production",
  sourcemap: false,
  inlineWorkboxRuntime: true,
  // A new worker waits until the reader accepts the update notice (or every
  // tab of the site is closed), so no page mixes old and new files.
  skipWaiting: false,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  directoryIndex: "index.html",
  // Share links carry the chooser's answers in the query: same page.
  ignoreURLParametersMatching: [/.*/],
  maximumFileSizeToCacheInBytes: MAX_BYTES,
  importScripts: ["sw-chooser.js"],
  runtimeCaching: [
    {
      // Written after the precache list (it holds its size): kept fresh, but offline too.
      urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith("/offline.json"),
      handler: "NetworkFirst",
      options: { cacheName: `${CACHE_ID}-figures`, networkTimeoutSeconds: 3 },
    },
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.includes("/assets/pyodide/"),
      handler: "CacheFirst",
      options: {
        cacheName: chooserCache,
        cacheableResponse: { statuses: [200] },
      },
    },
  ],
});

writeFileSync(
  join(siteDir, "offline.json"),
  JSON.stringify(
    {
      precache: { files: precache.count, bytes: precache.size },
      chooser: { cache: chooserCache, files: chooserSizes },
    },
    null,
    1,
  ) + "\n",
);

const chooserBytes = chooserSizes.reduce((total, file) => total + file.bytes, 0);
console.log(
  JSON.stringify({
    precache_files: precache.count,
    precache_bytes: precache.size,
    chooser_files: chooserSizes.length,
    chooser_bytes: chooserBytes,
    sw_bytes: sizeOf(join(siteDir, "sw.js")),
    warnings: precache.warnings,
  }),
);

function sizeOf(path) {
  return readFileSync(path).byteLength;
}
