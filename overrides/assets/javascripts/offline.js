/**
 * Offline reading of the published site: registers the service worker that
 * Workbox generated at build time (sw.js, at the site root, so its scope is
 * the whole site, sub-path included), tells the reader when a new version is
 * waiting, and mounts the "Save for offline reading" control in the footer.
 *
 * The service worker precaches every page, the search index and the theme's
 * assets on the first visit, in the background once the page has loaded
 * (on the chooser page, once the chooser has started).
 * The chooser's runtime (about 14 MB) is cached only once the chooser has
 * run, or when the reader saves the site; its scripts are then compiled
 * once in a worker, for the next visit (chooser/compile_ahead.js).
 * Where no worker can be installed (file://, private modes, storage blocked),
 * nothing changes for online reading and the control stays hidden.
 *
 * @module
 */

const SITE_ROOT = new URL("../../", import.meta.url);
const WORKER_URL = new URL("sw.js", SITE_ROOT);
const FIGURES_URL = new URL("offline.json", SITE_ROOT);

/** @type {Promise<ServiceWorkerRegistration | null>} */
const registration = register();

/**
 * Register sw.js once the page has loaded (on the chooser page, once the
 * chooser has started) and the browser is idle, so its precache never
 * competes with what the page itself needs; resolves null where the browser
 * cannot or will not.
 *
 * An update check asks the server for the worker's imported scripts too
 * (`updateViaCache: "none"`), not only for sw.js: by default the browser
 * takes them from its HTTP cache while they are fresh there (ten minutes on
 * GitHub Pages), and a new sw.js would then run an earlier build's
 * sw-chooser.js, whose chooser cache name and file list are not this
 * build's.
 */
async function register() {
  if (!("serviceWorker" in navigator) || !("caches" in window)) return null;
  await Promise.all([loaded(), chooserSettled()]);
  await nextIdle();
  try {
    const found = await navigator.serviceWorker.register(WORKER_URL, {
      scope: SITE_ROOT.pathname,
      updateViaCache: "none",
    });
    watchForUpdates(found);
    return found;
  } catch (error) {
    console.info(`Offline reading is not available here: ${error.message}`);
    return null;
  }
}

/** Resolves after the window's load event. */
function loaded() {
  return document.readyState === "complete"
    ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
}

/**
 * On the chooser page, resolves once the chooser has started or failed to
 * (chooser.js sends "chooser:ready" or "chooser:failed"); elsewhere at once.
 * The load event does not wait for the chooser's runtime (about 5 MB, asked
 * for by script): on a slow link a precache started at load would share the
 * network with it and hold back the first verdict.
 */
function chooserSettled() {
  const chooser = document.querySelector("[data-chooser]");
  if (!chooser || chooser.dataset.pythonStart) return Promise.resolve(); // no chooser, or started
  return new Promise((resolve) => {
    document.addEventListener("chooser:ready", resolve, { once: true });
    document.addEventListener("chooser:failed", resolve, { once: true });
  });
}

/** Resolves at the browser's next idle moment, or after 2 s at the latest. */
function nextIdle() {
  const idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 1));
  return new Promise((resolve) => idle(resolve, { timeout: 2000 }));
}

// ---------------------------------------------------------------------------
// A new version is waiting: offer a reload
// ---------------------------------------------------------------------------

let reloading = false;
/** The waiting worker the notice stands for: a later deploy's worker replaces it. */
let waitingWorker = null;

function watchForUpdates(found) {
  // Only an update has a controller already; the first install needs no notice.
  if (found.waiting && navigator.serviceWorker.controller) showUpdateNotice(found.waiting);
  found.addEventListener("updatefound", () => {
    const worker = found.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) showUpdateNotice(worker);
    });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
}

function showUpdateNotice(worker) {
  // A deploy while a worker waits installs a newer one, and the browser drops
  // the one waiting: the notice (or the reload already asked for) moves to it.
  waitingWorker = worker;
  if (reloading) worker.postMessage({ type: "SKIP_WAITING" });
  if (document.querySelector(".nof-update")) return;
  const notice = document.createElement("div");
  notice.className = "nof-update md-typeset";
  notice.setAttribute("role", "status");
  notice.dataset.offlineUpdate = "";
  const text = document.createElement("span");
  text.textContent = "A new version of this guide is available.";
  const reload = button("Reload", "md-button md-button--primary");
  const later = button("Later", "md-button");
  reload.addEventListener("click", () => {
    if (reloading) return;
    reloading = true;
    // Marked, not disabled: a disabled button loses the keyboard's focus
    // (Chromium 156 moves it to the page's body) for the second until the
    // page reloads; this one keeps it, and is read as unavailable.
    reload.setAttribute("aria-disabled", "true");
    later.remove();
    // The page reloads once the new worker has taken over: in Chromium about
    // a second later when the old worker was still running (speed log, "The
    // kept runtime carried across a deploy"), so say that it is under way.
    text.textContent = "Loading the new version…";
    // Workbox's generated worker waits for this message (skipWaiting: false).
    waitingWorker.postMessage({ type: "SKIP_WAITING" });
  });
  later.addEventListener("click", () => notice.remove());
  notice.append(text, reload, later);
  document.body.append(notice);
}

function button(label, className) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = label;
  return element;
}

// ---------------------------------------------------------------------------
// "Save for offline reading"
// ---------------------------------------------------------------------------

/** @type {Promise<object> | null} offline.json: sizes and the chooser's files */
let figures = null;
/** @type {Promise<void> | null} a save in progress (shared by every mounted control) */
let saving = null;

/**
 * offline.json, revalidated with the server: it names this build's chooser
 * cache, and a copy the HTTP cache still holds as fresh (ten minutes on
 * GitHub Pages) may be the build before a deploy's. Offline, the worker
 * answers from its own copy.
 */
function loadFigures() {
  figures ??= fetch(FIGURES_URL, { cache: "no-cache" }).then((response) => {
    if (!response.ok) throw new Error(`offline.json: HTTP ${response.status}`);
    return response.json();
  });
  return figures;
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

async function mountSaveControls() {
  const controls = document.querySelectorAll("[data-offline-save]:not([data-mounted])");
  if (controls.length === 0 || !(await registration)) return;
  let data;
  try {
    data = await loadFigures();
  } catch (error) {
    console.info(`Offline reading: ${error.message}`);
    return;
  }
  for (const control of controls) mountSaveControl(control, data);
}

function mountSaveControl(control, data) {
  control.dataset.mounted = "true";
  const action = control.querySelector("[data-offline-action=save]");
  const bar = control.querySelector("progress");
  const count = control.querySelector(".nof-offline__count");
  const status = control.querySelector("[role=status]");
  const chooserBytes = data.chooser.files.reduce((total, file) => total + file.bytes, 0);
  const total = data.precache.bytes + chooserBytes;
  const say = (state, text) => {
    control.dataset.state = state;
    status.textContent = text;
  };

  action.textContent = `Save for offline reading (${megabytes(total)})`;
  say(
    "idle",
    `Keeps every page, search and the chooser in this browser: ${megabytes(data.precache.bytes)} ` +
      `of pages and ${megabytes(chooserBytes)} for the chooser's Python.`,
  );
  control.hidden = false;
  isSaved(data).then((saved) => {
    if (saved) say("saved", "Saved: this guide, chooser included, works offline in this browser.");
  });

  // The live region says when the save starts and how it ended; the bar and
  // the count beside it, which a screen reader reads when asked, follow the bytes.
  action.addEventListener("click", () => {
    action.disabled = true;
    bar.hidden = count.hidden = false;
    say("saving", "Saving for offline reading…");
    saving ??= save(data, chooserBytes, (loaded) => {
      for (const other of document.querySelectorAll("[data-offline-save]")) {
        const otherBar = other.querySelector("progress");
        otherBar.max = total;
        otherBar.value = loaded;
        other.querySelector(".nof-offline__count").textContent = `${megabytes(loaded)} of ${megabytes(total)}`;
      }
    });
    saving
      .then(() => say("saved", `Saved (${megabytes(total)}): this guide, chooser included, works offline in this browser.`))
      .catch((error) => {
        saving = null;
        say("error", `Could not save for offline reading: ${error.message}. Online reading is unchanged.`);
      })
      .finally(() => {
        action.disabled = false;
        bar.hidden = count.hidden = true;
      });
  });
}

/** True when the worker is active and every chooser file is in its cache. */
async function isSaved(data) {
  const found = await registration;
  if (!found?.active) return false;
  const cache = await caches.open(data.chooser.cache);
  const present = await Promise.all(data.chooser.files.map((file) => cache.match(new URL(file.url, SITE_ROOT))));
  return present.every(Boolean);
}

/**
 * Wait for the worker's precache (pages, search, theme), then put the
 * chooser's runtime into the chooser cache, reporting bytes as they arrive.
 */
async function save(data, chooserBytes, onBytes) {
  const found = await registration;
  if (!found) throw new Error("this browser cannot install the site's service worker");
  navigator.storage?.persist?.().catch(() => {});
  onBytes(0);
  await navigator.serviceWorker.ready; // active means its precache is complete
  onBytes(data.precache.bytes);
  const kept = await cacheChooserFiles(data, (bytes) => onBytes(data.precache.bytes + bytes));
  if (kept.some(isScript)) compileAhead(data);
}

/**
 * Put every chooser file the chooser cache lacks into it; `onBytes(total so
 * far)`. `unpacked` holds files the chooser has just unpacked, as typed Blobs
 * by absolute URL: those are stored as they are, not fetched. Resolves with
 * the addresses of the files it stored.
 */
async function cacheChooserFiles(data, onBytes = () => {}, unpacked = {}) {
  let loaded = 0;
  const stored = [];
  const cache = await caches.open(data.chooser.cache);
  for (const file of data.chooser.files) {
    const url = new URL(file.url, SITE_ROOT);
    if (await cache.match(url)) {
      loaded += file.bytes;
      onBytes(loaded);
      continue;
    }
    const blob = unpacked[url.href];
    if (blob) {
      await cache.put(url, new Response(blob)); // the Blob's type becomes the Content-Type
      stored.push(url.href);
      loaded += file.bytes;
      onBytes(loaded);
      continue;
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${file.url}: HTTP ${response.status}`);
    // Count a copy and keep the fetched response itself, as the worker's own
    // caching does: Chromium keeps compiled WebAssembly beside a fetched
    // response, not beside one made anew from its bytes.
    const reader = response.clone().body.getReader();
    const putting = cache.put(url, response);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      onBytes(loaded);
    }
    await putting;
    stored.push(url.href);
  }
  // Kept plain, the runtime needs its packed copies no more (the worker
  // caches them when a page it controls downloads them).
  await Promise.all((data.chooser.packed ?? []).map((file) => cache.delete(new URL(file, SITE_ROOT))));
  return stored;
}

// ---------------------------------------------------------------------------
// The runtime's scripts, compiled once they are kept
// ---------------------------------------------------------------------------

/** Longest wait (ms) for compile_ahead.js's reply before it is ended anyway. */
const COMPILE_AHEAD_MS = 30000;
/** Marks the end of a compile-ahead pass (detail: {ok, message}), for the benchmark. */
const COMPILED_MARK = "chooser:compiled-ahead";

const isScript = (url) => /\.m?js$/.test(url);

/** @type {Promise<void> | null} a compile-ahead pass in progress */
let compiling = null;

/**
 * Once the runtime is kept, have its JavaScript compiled for the next visit
 * (compile_ahead.js says why): in a worker of its own, which this page's
 * service worker serves from the copies just kept, ended when it replies.
 * A failure changes nothing but the next visit's start-up time.
 */
function compileAhead(data) {
  compiling ??= compileInWorker(data).finally(() => {
    compiling = null;
  });
  return compiling;
}

async function compileInWorker(data) {
  const loader = data.chooser.files.map((file) => file.url).find((url) => url.endsWith("/pyodide.mjs"));
  if (!loader || !navigator.serviceWorker.controller) return; // not served from the kept copies
  const runtime = new URL(loader.replace(/pyodide\.mjs$/, ""), SITE_ROOT).href;
  let worker = null;
  let outcome = { ok: true, message: "" };
  try {
    worker = new Worker(new URL("chooser/compile_ahead.js", import.meta.url), { type: "module" });
    await replyOf(worker, { runtime }, COMPILE_AHEAD_MS);
  } catch (error) {
    outcome = { ok: false, message: error.message };
    console.info(`Offline reading: the chooser's runtime was kept but not compiled ahead (${error.message})`);
  } finally {
    worker?.terminate();
    performance.mark(COMPILED_MARK, { detail: outcome });
  }
}

/** Send `message` to compile_ahead.js; resolves on "compiled", rejects otherwise or after `ms`. */
function replyOf(worker, message, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply in ${ms / 1000} s`)), ms);
    worker.addEventListener("message", (event) => {
      clearTimeout(timer);
      if (event.data?.type === "compiled") resolve();
      else reject(new Error(event.data?.message ?? "an unknown reply"));
    });
    worker.addEventListener("error", (event) => {
      clearTimeout(timer);
      event.preventDefault();
      reject(new Error(event.message || "could not load compile_ahead.js"));
    });
    worker.postMessage(message);
  });
}

// ---------------------------------------------------------------------------
// The chooser's runtime, kept once the chooser has run
// ---------------------------------------------------------------------------

/** Quiet time (ms) after the chooser's start before its runtime is copied. */
const KEEP_AFTER_MS = 3000;
/** @type {Promise<void> | null} a copy in progress */
let keeping = null;

/**
 * The worker caches the chooser's runtime as the chooser fetches it, but
 * only on pages it controls, and the two big files only packed: the chooser
 * downloads those packed and unpacks them itself (runtime_files.js). On a
 * reader's first visit the worker registers after the chooser has started,
 * when the chooser has its files already: the small ones in the browser's
 * HTTP cache, the big ones unpacked in its memory. So once the chooser has
 * started (chooser.js sends "chooser:ready", with the unpacked files) and
 * the page has been quiet a while, copy what the chooser cache lacks:
 * nothing is downloaded again. Later visits read the kept files at once,
 * with nothing to unpack, and the chooser works offline. When this copied
 * the runtime's scripts, they are compiled for the next visit (above).
 */
function keepChooserRuntime(event) {
  keeping ??= (async () => {
    if (!(await registration)) return;
    await navigator.serviceWorker.ready; // this build's worker, and its chooser cache name
    await new Promise((resolve) => setTimeout(resolve, KEEP_AFTER_MS));
    await nextIdle();
    const data = await loadFigures();
    const kept = await cacheChooserFiles(data, undefined, await event?.detail?.unpacked);
    if (kept.some(isScript)) compileAhead(data);
  })()
    .catch((error) => console.info(`Offline reading: the chooser's runtime was not kept (${error.message})`))
    .finally(() => {
      keeping = null;
    });
}

document.addEventListener("chooser:ready", keepChooserRuntime);

// Material emits document$ on the first load and after every instant navigation.
if (window.document$) window.document$.subscribe(() => mountSaveControls());
else mountSaveControls();
