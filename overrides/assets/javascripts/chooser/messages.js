/**
 * The chooser's worker protocol: every message between the page and the
 * Python worker is made here, so this file is the whole contract.
 *
 * A message is `{ type, id, payload }`: `type` names it, `id` ties a reply to
 * its request (a request's replies reuse its id), and each type has one
 * payload shape, listed below. Errors come back as `error` messages, never as
 * exceptions across the boundary.
 *
 * Also here, because both engines use them (the worker's, and the offline
 * copy's, which runs Python on the page): the Python bridge to the scorer,
 * the engines' error type, and how a thrown error is put into words.
 *
 * Page -> worker (requests)
 *   init      { runtime, lock, stdlib, packageName, decoder, packedSuffix,
 *               wasmFirst, wasmRest, wasmSha256, whole }  start Python, load the scorer
 *             (`whole`: start on the whole WebAssembly, never on its first part)
 *   evaluate  { query }                       score a share query string
 *
 *   The `init` request also travels in the worker's name (workerName): a
 *   message posted to a new worker reaches it only once the page's main
 *   thread is free again (44 and 196 ms late in two traced return visits),
 *   so the worker starts from its name at once. The page still posts the
 *   same request, which the worker then ignores; a browser without worker
 *   names starts on that.
 *
 * Worker -> page (replies)
 *   progress  { stage, loaded, total }  while `init` runs (bytes during download)
 *   ready     { pyodide, python, seconds, knowledge, start, steps, unpacked, wholeLater }
 *             `init` finished
 *             (`start`, added later and optional: "normal", "snapshot" or
 *             "fallback", a normal start after a snapshot failed; `steps`,
 *             optional: when each of the start's steps ended, by Step, as
 *             the worker's `performance.timeOrigin + performance.now()`)
 *   result    { result }                  `evaluate` finished: api.evaluate(query)
 *   error     { message, stage }          the request failed
 *   unpacked  { unpacked }   after a `ready` whose `wholeLater` is true: the
 *             whole WebAssembly, spliced from its two parts (or nothing, if
 *             that failed), for offline.js to keep
 *   restart   { stub }       Python reached a function that the first part of
 *             the WebAssembly leaves out (its index; the reply's id is null:
 *             no one request asked for it): the page starts a new worker
 *             with `whole` and asks again what was asked
 *
 * @module
 */

/** Types of the requests the page sends. */
export const Request = Object.freeze({
  INIT: "init",
  EVALUATE: "evaluate",
});

/** Types of the replies the worker sends. */
export const Reply = Object.freeze({
  PROGRESS: "progress",
  READY: "ready",
  RESULT: "result",
  ERROR: "error",
  UNPACKED: "unpacked",
  RESTART: "restart",
});

/** Named stages of start-up, in order (`progress.stage`, `error.stage`). */
export const Stage = Object.freeze({
  DOWNLOAD: "download", // downloading the runtime (WebAssembly and standard library)
  START: "start", // starting Python and installing the scorer wheel
  SCORER: "scorer", // importing the scorer and reading its knowledge
});

/**
 * The steps of a start that `ready.steps` times, in about the order they
 * end (a download and a snapshot's read run side by side). A start that
 * finds the runtime kept downloads nothing; a first visit reads no snapshot.
 */
export const Step = Object.freeze({
  BEGAN: "began", // the worker's modules have loaded and its start-up begins
  DOWNLOADED: "downloaded", // the runtime's last byte has arrived (unless it was kept)
  SNAPSHOT: "snapshot", // a saved snapshot has been read (later visits)
  RUNTIME: "runtime", // Pyodide's WebAssembly is instantiated and linked
  PYTHON: "python", // Python has started (the scorer installed) or been restored
  SCORER: "scorer", // the scorer has answered its first, practice call
});

/**
 * The `init` payload read from an element's data attributes: `data-root`
 * (the site root, relative to the page), `data-runtime`, `data-lock` and
 * `data-stdlib` (relative to the site root), `data-package`, and
 * `data-decoder` (relative to the site root) with `data-packed-suffix`, and
 * the WebAssembly's two parts for a first visit, `data-wasm-first` and
 * `data-wasm-rest` (relative to the site root), with `data-wasm-sha256`, the
 * whole module's. The chooser element carries them, and so does
 * preload.js's script on the chooser page.
 * @param {DOMStringMap} dataset
 * @returns {{runtime: string, lock: string, stdlib: string, packageName: string,
 *   decoder: string | null, packedSuffix: string | null, wasmFirst: string | null,
 *   wasmRest: string | null, wasmSha256: string | null, whole: boolean}} absolute URLs
 */
export function initPayload(dataset) {
  const siteRoot = new URL(dataset.root || "./", document.baseURI);
  return {
    runtime: new URL(dataset.runtime, siteRoot).href,
    lock: new URL(dataset.lock, siteRoot).href,
    stdlib: new URL(dataset.stdlib, siteRoot).href,
    packageName: dataset.package,
    // The WebAssembly and the stdlib have packed copies ("<url><packedSuffix>")
    // that the decoder module unpacks; without these, the plain files are read.
    decoder: dataset.decoder ? new URL(dataset.decoder, siteRoot).href : null,
    packedSuffix: dataset.packedSuffix || null,
    // A first visit starts on the WebAssembly's first part, and splices in
    // the rest after its first verdict (runtime_files.js); without these it
    // downloads the whole module.
    wasmFirst: dataset.wasmFirst ? new URL(dataset.wasmFirst, siteRoot).href : null,
    wasmRest: dataset.wasmRest ? new URL(dataset.wasmRest, siteRoot).href : null,
    wasmSha256: dataset.wasmSha256 || null,
    whole: false,
  };
}

/** Requests */

/**
 * @param {number} id
 * @param {{runtime: string, lock: string, stdlib: string, packageName: string,
 *   decoder: string | null, packedSuffix: string | null, wasmFirst?: string | null,
 *   wasmRest?: string | null, wasmSha256?: string | null, whole?: boolean}} payload
 *   absolute URLs of the runtime folder, the lock file and the standard
 *   library archive, the scorer wheel's package name, the decoder of the
 *   packed copies with their suffix (null: read the plain files), and the
 *   WebAssembly's two parts with the whole module's SHA-256 (null: download
 *   it whole, as `whole` asks too)
 */
export const init = (
  id,
  { runtime, lock, stdlib, packageName, decoder, packedSuffix, wasmFirst = null, wasmRest = null,
    wasmSha256 = null, whole = false },
) => ({
  type: Request.INIT,
  id,
  payload: {
    runtime, lock, stdlib, packageName, decoder, packedSuffix, wasmFirst, wasmRest, wasmSha256, whole,
  },
});

/** Where a worker's name carries its `init` request. */
const NAME_PREFIX = "chooser-python ";

/** A worker name that carries `request` (an `init`). @param {object} request */
export const workerName = (request) => NAME_PREFIX + JSON.stringify(request);

/**
 * The `init` request a worker's name carries, or null (no such name, or not
 * readable: the worker then waits for the posted request).
 * @param {string} name
 */
export function requestOfName(name) {
  if (typeof name !== "string" || !name.startsWith(NAME_PREFIX)) return null;
  try {
    const request = JSON.parse(name.slice(NAME_PREFIX.length));
    return request?.type === Request.INIT && Number.isInteger(request.id) ? request : null;
  } catch {
    return null;
  }
}

/** @param {number} id @param {string} query share query string, no "?" */
export const evaluate = (id, query) => ({
  type: Request.EVALUATE,
  id,
  payload: { query },
});

/** Replies */

/** @param {number} id @param {string} stage @param {number} loaded @param {number} total */
export const progress = (id, stage, loaded = 0, total = 0) => ({
  type: Reply.PROGRESS,
  id,
  payload: { stage, loaded, total },
});

/**
 * @param {number} id
 * @param {{pyodide: string, python: string, seconds: number, knowledge: object, start?: string,
 *   unpacked?: Record<string, Blob>}} payload
 *   versions, start-up time, `scorer.api.questions()`, how Python started,
 *   and the files this start unpacked, by URL (for offline.js to keep)
 */
export const ready = (
  id,
  { pyodide, python, seconds, knowledge, start = "normal", unpacked = {}, steps = {}, wholeLater = false },
) => ({
  type: Reply.READY,
  id,
  payload: { pyodide, python, seconds, knowledge, start, unpacked, steps, wholeLater },
});

/** @param {number} id the `init` request's @param {Record<string, Blob>} unpacked */
export const unpacked = (id, unpacked) => ({
  type: Reply.UNPACKED,
  id,
  payload: { unpacked },
});

/** @param {number} stub the index of the function reached (stubs.js) */
export const restart = (stub) => ({
  type: Reply.RESTART,
  id: null,
  payload: { stub },
});

/** @param {number} id @param {object} result what `scorer.api.evaluate` returned */
export const result = (id, result) => ({
  type: Reply.RESULT,
  id,
  payload: { result },
});

/** @param {number} id @param {string} message @param {string | null} stage */
export const error = (id, message, stage = null) => ({
  type: Reply.ERROR,
  id,
  payload: { message, stage },
});

/** Shared by the engines */

/** Python's global holding the bridge: kept in a memory snapshot, so a restore finds it. */
export const BRIDGE = "_chooser_bridge";

/**
 * Python code that defines the bridge to the scorer's browser API
 * (`scorer.api`: JSON in, JSON out) and evaluates to it:
 * `bridge(name, ...args)` returns `api.name(...args)` as JSON text.
 */
export const BRIDGE_CODE = `
import json
from scorer import api

def ${BRIDGE}(name, *args):
    return json.dumps(getattr(api, name)(*args))

${BRIDGE}
`;

/** Thrown (as a rejection) when an engine cannot start or answer. */
export class EngineError extends Error {
  /** @param {string} text @param {string | null} stage start-up stage it failed in */
  constructor(text, stage = null) {
    super(text);
    this.name = "EngineError";
    this.stage = stage;
  }
}

/** A readable one-line description of anything thrown. */
export function describe(error) {
  if (!(error instanceof Error)) {
    // Emscripten's ExitStatus and the like: an object with a message, not an Error.
    return typeof error?.message === "string" && error.message ? error.message : String(error);
  }
  const lines = error.message.split("\n").filter((line) => line.trim());
  // A PythonError's message is a traceback: its last line says what failed.
  return (error.type ? lines.at(-1) : lines[0]) ?? error.name;
}
