/**
 * Generate the site's service worker with Workbox (npm workbox-build, pinned).
 *
 *   node overrides/offline/generate_sw.mjs <site dir> [--on-go]
 *
 * With --on-go it loads Workbox, then waits for a line "go" on its standard
 * input before it reads the site: the build hook starts it early, so that
 * Node's start overlaps the build, and says "go" once the site is written.
 * Input that ends without "go" (the build failed) ends it with nothing written.
 *
 * Writes into the built site:
 *   sw.js (+ workbox-<hash>.js)  the precache of every page, the search index
 *                               and the theme's assets (Workbox's own list,
 *                               with a revision per file); the chooser's
 *                               runtime is left out and cached on first use
 *   sw-chooser.js              imported by sw.js: names the chooser's cache of
 *                               this build, carries its unchanged files over
 *                               from older ones (by SHA-256) and drops those
 *   offline.json               what the "Save for offline reading" control needs:
 *                               sizes, the chooser's files and cache name, and
 *                               the packed copies to drop once those are kept
 * Prints one JSON line with the figures.
 */

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Only getManifest runs on every build. Workbox's main module also loads
// generateSW's bundler, 0.4 s of every build's 0.6 s here, so that is
// loaded only when the worker template is not cached (workerTemplate).
import { getManifest } from "workbox-build/build/get-manifest.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE_ID = "node-or-flask";
// The chooser's runtime (Pyodide and the scorer bundle), by the runtime hook;
// not the packed copies a first visit downloads, nor their decoder: once the
// runtime is kept, the chooser reads the plain files.
const CHOOSER_FILES = "assets/pyodide/**/*";
const CHOOSER_PACKED = ["assets/pyodide/**/*.br", "assets/pyodide/brotli-dec-wasm-*.{mjs,wasm}"];
// The largest file of the site is Pyodide's WebAssembly (about 9.6 MB).
const MAX_BYTES = 64 * 1024 * 1024;
// The theme names its scripts and stylesheets after their content
// (bundle.a5f9d56c.min.js): such a file never changes under its name.
const NAMED_BY_CONTENT = /\.[0-9a-f]{8}\.min\.(js|css)$/;
// Where the cached worker template takes this build's precache list and cache name.
const MANIFEST_MARK = '[{url:"__NOF_MANIFEST__",revision:null}]';
const CACHE_MARK = "__NOF_CHOOSER_CACHE__";

const [siteDir, ...options] = process.argv.slice(2);
if (!siteDir || options.some((option) => option !== "--on-go")) {
  console.error("usage: node generate_sw.mjs <site dir> [--on-go]");
  process.exit(2);
}
if (options.includes("--on-go") && !(await heardGo())) process.exit(0);

/** Whether a line "go" comes on standard input before it ends. */
async function heardGo() {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.split("\n").slice(0, -1).includes("go")) return true;
  }
  return text.split("\n").includes("go");
}

// Cached the first time the chooser runs, or by "Save for offline reading".
const chooser = await getManifest({
  globDirectory: siteDir,
  globPatterns: [CHOOSER_FILES],
  globIgnores: CHOOSER_PACKED,
  maximumFileSizeToCacheInBytes: MAX_BYTES,
});
// The worker caches these too when a page it controls fetches them (a first
// chooser visit after another page): the chooser then starts offline from
// them. offline.js drops them once it has kept the plain files.
const packed = await getManifest({
  globDirectory: siteDir,
  globPatterns: CHOOSER_PACKED,
  maximumFileSizeToCacheInBytes: MAX_BYTES,
});
const digest = createHash("sha256");
for (const entry of chooser.manifestEntries) digest.update(`${entry.url} ${entry.revision}\n`);
const chooserCache = `${CACHE_ID}-chooser-${digest.digest("hex").slice(0, 12)}`;
const chooserContents = chooser.manifestEntries.map((entry) => readFileSync(join(siteDir, entry.url)));
const chooserSizes = chooser.manifestEntries.map((entry, index) => ({
  url: entry.url,
  bytes: chooserContents[index].byteLength,
}));
// Each file's SHA-256, for the worker to carry unchanged files over from an
// earlier build's cache (Workbox's revisions are MD5, which browsers cannot compute).
const chooserDigests = chooser.manifestEntries.map((entry, index) => ({
  url: entry.url,
  sha256: createHash("sha256").update(chooserContents[index]).digest("hex"),
}));

writeFileSync(
  join(siteDir, "sw-chooser.js"),
  readFileSync(join(HERE, "sw-chooser.js"), "utf8")
    .replace('"__CHOOSER_CACHE__"', () => JSON.stringify(chooserCache))
    .replace('"__CHOOSER_FILES__"', () => JSON.stringify(chooserDigests)),
);

// What the worker precaches: pages, search and theme (not the chooser's runtime).
const PRECACHE = {
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
  dontCacheBustURLsMatching: NAMED_BY_CONTENT,
  maximumFileSizeToCacheInBytes: MAX_BYTES,
};

// The worker's behaviour; CACHE_MARK stands for this build's chooser cache name.
const WORKER_OPTIONS = {
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
        cacheName: CACHE_MARK,
        cacheableResponse: { statuses: [200] },
      },
    },
  ],
};

// Workbox's list of files with a revision each, then the worker around it.
const precache = await getManifest(PRECACHE);
// Replacer functions: a replacement string would read "$&" and the like in a
// file name as patterns.
const worker = (await workerTemplate())
  .replace(MANIFEST_MARK, () => JSON.stringify(precache.manifestEntries))
  .replace(JSON.stringify(CACHE_MARK), () => JSON.stringify(chooserCache));
writeFileSync(join(siteDir, "sw.js"), worker);

writeFileSync(
  join(siteDir, "offline.json"),
  JSON.stringify(
    {
      precache: { files: precache.count, bytes: precache.size },
      chooser: {
        cache: chooserCache,
        files: chooserSizes,
        packed: packed.manifestEntries.map((entry) => entry.url),
      },
    },
    null,
    1,
  ) + "\n",
);

console.log(
  JSON.stringify({
    precache_files: precache.count,
    precache_bytes: precache.size,
    chooser_files: chooserSizes.length,
    chooser_bytes: chooserSizes.reduce((total, file) => total + file.bytes, 0),
    sw_bytes: sizeOf(join(siteDir, "sw.js")),
    warnings: precache.warnings,
  }),
);

/**
 * The worker as Workbox's generateSW writes it (bundled with its runtime and
 * minified), with marks where this build's precache list and chooser cache
 * go. Bundling takes about 1.5 s and depends only on Workbox and this
 * script, so the result is kept in node_modules/.cache, keyed by both.
 */
async function workerTemplate() {
  const own = readFileSync(fileURLToPath(import.meta.url));
  const workbox = readFileSync(join(HERE, "../../node_modules/workbox-build/package.json"));
  const key = createHash("sha256").update(own).update(workbox).digest("hex").slice(0, 16);
  const cached = join(HERE, "../../node_modules/.cache/node-or-flask-sw", `sw-${key}.js`);
  if (existsSync(cached)) return readFileSync(cached, "utf8");

  const { generateSW } = await import("workbox-build");
  const scratch = mkdtempSync(join(tmpdir(), "node-or-flask-sw-"));
  try {
    await generateSW({
      ...WORKER_OPTIONS,
      globDirectory: scratch,
      globPatterns: [],
      additionalManifestEntries: [{ url: "__NOF_MANIFEST__", revision: null }],
      swDest: join(scratch, "sw.js"),
    });
    const text = readFileSync(join(scratch, "sw.js"), "utf8");
    for (const mark of [MANIFEST_MARK, JSON.stringify(CACHE_MARK)]) {
      if (text.split(mark).length !== 2) throw new Error(`the generated worker has no single ${mark}`);
    }
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, text);
    return text;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function sizeOf(path) {
  return readFileSync(path).byteLength;
}
