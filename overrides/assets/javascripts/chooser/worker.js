/**
 * The chooser's Python worker (a module worker: Pyodide supports no other).
 *
 * It starts the self-hosted Pyodide runtime, installs the scorer wheel from
 * the lock file, and answers `evaluate` requests by calling the scorer's
 * browser bridge, `scorer.api` (JSON in, JSON out). The protocol lives in
 * messages.js; this file only handles it.
 *
 * Later visits start from a memory snapshot (snapshot.js): after a normal
 * start, once the reader pauses, the worker saves Python's memory, scorer
 * imported, in the origin private file system; the next start restores it
 * instead of starting Python again. Anything wrong with it (missing, stale,
 * refused by the runtime) falls back to a normal start.
 *
 * After its first result, while the reader reads it, the worker scores
 * practice queries (warmup.js), so that the browser has optimised Python's
 * code before the reader's first answer change.
 *
 * A first visit starts Python on the first part of the WebAssembly (a copy
 * whose functions that a first verdict does not run are stubs), and after
 * the first result splices in the rest, for the page to keep
 * (runtime_files.js). Should Python reach a stub before then (stubs.js),
 * the worker asks the page to start a new worker on the whole module (a
 * `restart` reply), which asks again what was asked.
 *
 * Every start also says when each of its steps ended (`ready`'s `steps`,
 * see messages.js), so that a reader's browser, or the benchmark, can tell
 * where a start spends its time.
 *
 * @module
 */

import * as message from "./messages.js";
import {
  downloadFailed,
  downloadsOf,
  planFiles,
  restAfterVerdict,
  serveFiles,
  spliceWhole,
} from "./runtime_files.js";
import * as snapshot from "./snapshot.js";
import { watchStubs } from "./stubs.js";
import { practiceQueries, practise } from "./warmup.js";

const { BRIDGE, BRIDGE_CODE, Request, Stage, Step, describe } = message;

/** Least time (ms) between two download-progress reports. */
const PROGRESS_MS = 100;

/** @type {Promise<object> | null} Start-up, run once per worker. */
let started = null;
/** @type {((query: string) => string) | null} scorer.api.evaluate, as JSON text. */
let evaluateJSON = null;
/** @type {(() => void) | null} Saves a snapshot once the reader pauses (after a normal start). */
let saveWhenIdle = null;
/** @type {((link: string) => void) | null} Practice scoring, once, after the first result (warmup.js). */
let practiseOnce = null;
/** @type {(() => void) | null} Splices the WebAssembly's rest in, once, after the first result. */
let spliceOnce = null;
/** Whether this worker has asked the page for a start on the whole module (it asks once). */
let restarting = false;

/** @type {number | null} The id of the `init` request this worker's name carried. */
let namedInit = null;

self.addEventListener("message", (event) => {
  const request = event.data;
  // The same request as the name's, posted too (messages.js): already under way.
  if (request?.type === Request.INIT && request.id === namedInit) return;
  answer(request);
});

/** Handle a request; a failure is sent back as an `error` reply (none once restarting). */
async function answer(request) {
  try {
    await handle(request);
  } catch (error) {
    if (restarting) return; // a stub was reached: the page asks the next worker
    self.postMessage(message.error(request?.id ?? null, describe(error), error?.stage ?? null));
  }
}

/** Ask the page for a start on the whole module, once: Python reached stub `index`. */
function askRestart(index) {
  if (restarting) return;
  restarting = true;
  self.postMessage(message.restart(index));
}

// What follows a stub (an error unwinding through Python, Pyodide's start or
// practice scoring) is no news to the page, which is starting again.
for (const type of ["error", "unhandledrejection"]) {
  self.addEventListener(type, (event) => {
    if (restarting) event.preventDefault();
  });
}

/** Answer one request; unknown types are an error. */
async function handle(request) {
  switch (request?.type) {
    case Request.INIT: {
      const info = await initialize(request.id, request.payload);
      self.postMessage(message.ready(request.id, info));
      return;
    }
    case Request.EVALUATE: {
      if (!evaluateJSON) throw new Error("the scorer is not loaded yet (send init first)");
      const result = JSON.parse(evaluateJSON(String(request.payload.query)));
      if (result.error) throw new Error(`the scorer failed: ${result.error}`);
      self.postMessage(message.result(request.id, result));
      saveWhenIdle?.();
      practiseOnce?.(String(request.payload.query));
      spliceOnce?.();
      return;
    }
    default:
      throw new Error(`unknown request type: ${JSON.stringify(request?.type)}`);
  }
}

/** Start Python once; later `init` requests share the same start-up. */
function initialize(id, config) {
  started ??= start(id, config).catch((error) => {
    started = null; // let a later init retry from scratch
    throw error;
  });
  return started;
}

/**
 * Staged start-up: download the runtime, start Python (the scorer wheel is
 * installed with it) or restore a saved snapshot, then import the scorer.
 * Reports each stage.
 */
async function start(id, payload) {
  const { runtime, lock, stdlib, packageName, decoder } = payload;
  const began = performance.now();
  const steps = {};
  const step = (name) => (steps[name] = performance.timeOrigin + performance.now());
  step(Step.BEGAN);
  let stage = Stage.DOWNLOAD;
  const report = (loaded = 0, total = 0) =>
    self.postMessage(message.progress(id, stage, loaded, total));
  // Byte counts arrive for every chunk: pass on about ten a second, so the
  // page redraws its progress bar without keeping its main thread busy.
  let reportedAt = -Infinity;
  const reportBytes = (loaded, total) => {
    const now = performance.now();
    if (now - reportedAt < PROGRESS_MS) return; // the stage change follows the last chunk
    reportedAt = now;
    report(loaded, total);
  };
  const fail = (text) => Object.assign(new Error(text), { stage });

  report();
  if (typeof WebAssembly !== "object") throw fail("this browser has WebAssembly turned off");

  // Asked for at once, side by side. Pyodide asks for its second module and
  // the lock file only once loadPyodide runs, one after the other, after
  // the look for kept files, its first module and the snapshot's read.
  // Its import of the module by the same URL is then handed this load (a
  // module is fetched once per worker), and the lock file is handed over.
  const key = snapshot.key(runtime, lock); // the snapshot's, looked for here and saved under later
  const early = {
    runtime: import(`${runtime}pyodide.mjs`),
    glue: import(`${runtime}pyodide.asm.mjs`),
    lock: readLock(lock),
    saved: snapshot.find(key),
  };
  // Each is awaited below, where a failure is reported; until then none is
  // an unhandled rejection. Pyodide imports the glue again, and loadPyodide,
  // handed the lock file, reports its failure.
  for (const load of [early.runtime, early.glue, early.lock]) load.catch(() => {});

  // The big files before Python can start, WebAssembly and the stdlib:
  // kept from an earlier visit, or downloaded (packed, and unpacked here).
  const plan = await planFiles(payload);
  const downloads = watchDownloads(downloadsOf(plan), reportBytes);
  let fromSnapshot = false; // kept files: read directly for a snapshot start (runtime_files.js)
  const unpacked = serveFiles(plan, decoder, self.fetch, () => fromSnapshot);
  const split = plan.find(restAfterVerdict);
  if (split) watchStubs(askRestart);
  const unpackFailed = unpacked.then(
    () => new Promise(() => {}),
    (error) => {
      throw Object.assign(error, { stage: Stage.DOWNLOAD, download: true });
    },
  );
  unpackFailed.catch(() => {}); // raced below, while Python starts
  downloads.done.then(() => {
    if (plan.some((file) => !file.kept)) step(Step.DOWNLOADED);
    if (stage === Stage.DOWNLOAD) {
      stage = Stage.START;
      report();
    }
  });

  let loadPyodide;
  try {
    ({ loadPyodide } = await early.runtime);
  } catch (error) {
    throw fail(`could not load the Python runtime (${runtime}pyodide.mjs): ${describe(error)}`);
  }
  const options = {
    indexURL: runtime,
    lockFileContents: early.lock,
    packageBaseUrl: lock.slice(0, lock.lastIndexOf("/") + 1), // the wheel is beside the lock file
    stdLibURL: stdlib,
    stdout: (line) => console.debug(`[python] ${line}`),
    stderr: (line) => console.warn(`[python] ${line}`),
    // Called once the WebAssembly is instantiated and linked, before Python
    // starts or its memory is restored.
    fsInit: async () => void step(Step.RUNTIME),
  };
  // Pyodide's start, failing at once when a file cannot be downloaded or
  // unpacked. A file that did not unpack also fails Pyodide's start, often
  // first: the unpacking error is the one that says what went wrong.
  const started = (loading) =>
    Promise.race([loading, downloads.failed, unpackFailed]).catch(async (error) => {
      throw (await Promise.race([unpackFailed.catch((cause) => cause), nextTask()])) ?? error;
    });
  const load = (extra) =>
    started(loadPyodide({ ...options, ...extra })).catch((error) => {
      throw error?.stage ? error : fail(describe(error));
    });

  // A snapshot from an earlier visit, if there is a usable one.
  let pyodide = null;
  let bridge = null;
  let how = "normal";
  const saved = await early.saved;
  if (saved) {
    step(Step.SNAPSHOT);
    try {
      fromSnapshot = true;
      pyodide = await started(loadPyodide({ ...options, _loadSnapshot: saved }));
      bridge = pyodide.globals.get(BRIDGE);
      if (typeof bridge !== "function") throw new Error("the snapshot has no scorer bridge");
      how = "snapshot";
    } catch (error) {
      if (error?.download) throw error; // a file is missing: a normal start cannot help
      // A stub reached on the first part (stubs.js) says nothing against the
      // snapshot: the page starts a worker on the whole module, which reads
      // it again. Removing it here raced that worker's read (7 December 2026).
      if (restarting) throw error;
      console.warn(`chooser: the saved snapshot did not start (${describe(error)}); starting normally`);
      await snapshot.remove();
      fromSnapshot = false;
      pyodide = bridge = null;
      how = "fallback";
    }
  }
  if (!pyodide) {
    pyodide = await load({ packages: [packageName], _makeSnapshot: snapshot.supported() });
    step(Step.PYTHON);
    stage = Stage.SCORER;
    report();
    bridge = pyodide.runPython(BRIDGE_CODE);
  } else {
    step(Step.PYTHON);
    stage = Stage.SCORER;
    report();
  }
  const knowledge = JSON.parse(bridge("questions"));
  JSON.parse(bridge("evaluate", "")); // compiles the engine before the first real request
  step(Step.SCORER);
  evaluateJSON = (query) => bridge("evaluate", query);
  practiseOnce = (link) => {
    practiseOnce = null;
    practise(evaluateJSON, practiceQueries(knowledge, link));
  };
  if (split) {
    spliceOnce = () => {
      spliceOnce = null;
      spliceWhole(split, decoder, self.fetch).then(
        (whole) => self.postMessage(message.unpacked(id, { [split.url]: whole })),
        (error) => {
          console.warn(`chooser: the WebAssembly was not made whole (${describe(error)})`);
          self.postMessage(message.unpacked(id, {}));
        },
      );
    };
  }
  if (how !== "snapshot" && snapshot.supported()) {
    saveWhenIdle = snapshot.whenIdle(() => {
      saveWhenIdle = null;
      return snapshot.save(key, pyodide);
    });
  }

  return {
    pyodide: pyodide.version,
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    seconds: (performance.now() - began) / 1000,
    knowledge,
    start: how,
    // The files unpacked on this start, for the page to keep (offline.js);
    // the whole WebAssembly follows in an `unpacked` reply, if split.
    unpacked: await unpacked,
    wholeLater: Boolean(split),
    steps,
  };
}

/**
 * Watch Pyodide's downloads: count bytes of the runtime files (progress), and
 * fail fast when one cannot be fetched. Without this, a missing
 * pyodide.asm.wasm leaves loadPyodide() waiting forever: it only logs
 * "wasm instantiation failed!". Wraps this worker's fetch and console.warn.
 */
function watchDownloads(urls, onBytes) {
  const pending = new Set(urls);
  const loaded = new Map();
  let total = 0;
  let finish, reject;
  const done = new Promise((resolve) => (finish = resolve));
  if (pending.size === 0) finish(); // every file kept from an earlier visit
  const failed = new Promise((_, rejectWith) => (reject = rejectWith));
  const failure = (text) =>
    reject(Object.assign(new Error(text), { stage: Stage.DOWNLOAD, download: true }));

  const originalFetch = self.fetch.bind(self);
  self.fetch = async (resource, options) => {
    const url = String(resource instanceof self.Request ? resource.url : resource);
    const watched = pending.has(url);
    let response;
    try {
      response = await originalFetch(resource, options);
    } catch (error) {
      if (watched) failure(downloadFailed(url, error));
      throw error;
    }
    if (!response.ok) {
      if (watched) failure(downloadFailed(url, response.status));
      return response;
    }
    if (!watched || !response.body) return response;
    const size = Number(response.headers.get("content-length")) || 0;
    if (!response.headers.get("content-encoding")) total += size;
    loaded.set(url, 0);
    // Count a copy and hand on the response itself: a Response made anew
    // (from a piped body) has no URL, and Chromium keeps compiled
    // WebAssembly in its code cache only for a fetched response.
    countBytes(response.clone().body.getReader(), (bytes) => {
      loaded.set(url, loaded.get(url) + bytes);
      onBytes(sum(loaded.values()), total);
    }).then(() => {
      pending.delete(url);
      if (pending.size === 0) finish();
    }, (error) => failure(downloadFailed(url, error)));
    return response;
  };

  const originalWarn = console.warn.bind(console);
  console.warn = (...args) => {
    if (String(args[0]).includes("wasm instantiation failed")) {
      failure("the browser could not start WebAssembly (pyodide.asm.wasm)");
    }
    originalWarn(...args);
  };

  return { done, failed };
}

/**
 * The lock file's text (Pyodide parses it on each start that is handed it).
 * @param {string} url
 */
async function readLock(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(downloadFailed(url, error), { cause: error });
  }
  if (!response.ok) throw new Error(downloadFailed(url, response.status));
  return response.text();
}

/** Read a stream to its end, reporting each chunk's size. */
async function countBytes(reader, onChunk) {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onChunk(value.byteLength);
  }
}

/** Resolves (undefined) once the tasks queued before it have run. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const sum = (values) => [...values].reduce((a, b) => a + b, 0);

// Last, once every declaration above is made: start on the `init` request in
// the worker's name, without waiting for the posted one, which arrives only
// once the page's main thread is free (messages.js).
const early = message.requestOfName(self.name);
if (early) {
  namedInit = early.id;
  answer(early);
}
