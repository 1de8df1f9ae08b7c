/**
 * The runtime's two big files, the WebAssembly and the standard library, and
 * where the chooser reads them from (worker.js; preload.js, for its hints):
 *
 * - **kept**: a plain copy in Cache Storage, put there for offline reading
 *   after an earlier visit (offline.js). A start from a memory snapshot
 *   reads it from there directly; a normal start fetches it as usual, and
 *   the site's service worker answers from the same cache. Measured in
 *   paired rounds (2 December 2026), each way is the quicker for its start:
 *   a direct read skips the service worker's hop (first return visits from
 *   a snapshot, 1.07 s against 1.30 s), while a normal start, which runs
 *   far more of the WebAssembly, went faster through the service worker
 *   (1.51 s against 1.84 s): Chromium keeps compiled WebAssembly beside the
 *   copy the service worker hands over, never beside one read here
 *   directly (traced 5 December 2026; the speed log has the figures);
 * - **packed**: otherwise, the standard library's Brotli-compressed copy
 *   (`<url><packedSuffix>`, written at build time by hooks/pyodide_runtime.py)
 *   and the WebAssembly's two packed parts (split, below), served as they
 *   are: 3.4 MB where GitHub Pages' gzip makes 4.5 MB of the plain files.
 *   The worker unpacks each as it arrives with the decoder module (npm
 *   brotli-dec-wasm, a WebAssembly build of the Rust
 *   brotli-decompressor crate, its WebAssembly beside it: decoderWasm) and
 *   hands Pyodide the unpacked bytes; the page then keeps a copy of them for
 *   offline reading, so nothing is downloaded twice. (Brotli, not xz, since
 *   4 December 2026: its decoder unpacks the WebAssembly in about a third
 *   of xz's time, for 0.2 MB more to download; docs/chooser-speed.md has
 *   the figures.)
 * - **split**: on a first visit, the WebAssembly comes in two packed parts
 *   (hooks/wasm_split.py): a copy of the module whose functions that a first
 *   verdict does not run are stubs, 1.6 MB packed where the whole module is
 *   2.8 MB, which Python starts on; and the rest, the stubs' bodies, which
 *   the worker downloads after the first verdict and splices in
 *   (spliceWhole), checking the result against the whole module's SHA-256
 *   before the page keeps it. A start that reaches a stub before then
 *   starts again on the whole module (worker.js), which it makes the same
 *   way before Python starts (`spliced`): the first part again (cacheable,
 *   just downloaded) and the rest, 1.2 MB where the whole module packs to
 *   2.8 MB.
 * - **plain**: where the page names no decoder, the plain files, fetched by
 *   Pyodide itself.
 *
 * @module
 */

/** The decoder module's WebAssembly: the file beside it, named alike (hooks/pyodide_runtime.py). */
export const decoderWasm = (decoderURL) => decoderURL.replace(/\.mjs$/, ".wasm");

/** The decoder's result codes (brotli-dec-wasm's BrotliStreamResultCode). */
const DONE = 1;
const NEEDS_MORE_OUTPUT = 3;
/** The most the decoder writes per call: each is one chunk for Pyodide. */
const OUTPUT_BYTES = 1 << 20;

/** MIME types of the unpacked files (streaming compilation needs application/wasm). */
const TYPES = [
  [".wasm", "application/wasm"],
  [".zip", "application/zip"],
];

/**
 * Absolute URLs of the files that have packed copies, in the order to unpack
 * them (the decoder unpacks one at a time, each to its end): the standard
 * library first, as its smaller download ends first, so the WebAssembly's
 * unpacking, and its compiling as it arrives, go on to the last byte.
 */
export const bigFiles = ({ runtime, stdlib }) => [stdlib, `${runtime}pyodide.asm.wasm`];

/** The kept copy of `url` in Cache Storage, or null (none, or storage unavailable). */
export async function findKept(url) {
  if (!("caches" in self)) return null;
  try {
    return (await self.caches.match(url)) ?? null;
  } catch {
    return null; // storage blocked: read the file from the network
  }
}

/**
 * Where each big file comes from: `{url, kept}` (a Response), `{url, packed}`
 * (the packed copy's URL), `{url, packed, rest, sha256}` (the WebAssembly's
 * first part, packed, and its rest: split, above), the same with
 * `spliced: true` (a start on the whole module: the two spliced before
 * Python starts), or `{url}` (plain: Pyodide fetches it).
 * @param {{runtime: string, stdlib: string, decoder: string | null, packedSuffix: string | null,
 *   wasmFirst?: string | null, wasmRest?: string | null, wasmSha256?: string | null,
 *   whole?: boolean}} payload
 */
export async function planFiles(payload) {
  const urls = bigFiles(payload);
  const kept = await Promise.all(urls.map(findKept));
  const split = payload.wasmFirst && payload.wasmRest && payload.wasmSha256;
  return urls.map((url, index) => {
    if (kept[index]) return { url, kept: kept[index] };
    if (!payload.decoder || !payload.packedSuffix) return { url };
    if (url.endsWith(".wasm")) {
      if (!split) return { url }; // the build packs the WebAssembly only in its two parts
      const parts = { url, packed: payload.wasmFirst, rest: payload.wasmRest, sha256: payload.wasmSha256 };
      return payload.whole ? { ...parts, spliced: true } : parts;
    }
    return { url, packed: url + payload.packedSuffix };
  });
}

/** Whether a plan entry is a first part whose rest is spliced in after the first verdict. */
export const restAfterVerdict = (file) => Boolean(file.rest && !file.spliced);

/** The last part of a URL's path: the name that error messages give a file. */
export const fileName = (url) => url.slice(url.lastIndexOf("/") + 1);

/**
 * What the reader is told when a file could not be had, naming it: `cause` is
 * the HTTP status it was answered with, or the error its request or its body
 * failed with (the first line of its message).
 * @param {string} url
 * @param {number | unknown} cause
 */
export function downloadFailed(url, cause) {
  const name = fileName(url);
  if (typeof cause === "number") return `could not download ${name} (HTTP ${cause})`;
  return `could not download ${name}: ${String(cause?.message || cause).split("\n")[0]}`;
}

/** The URLs a plan downloads (packed copies, or plain files). */
export const downloadsOf = (plan) => plan.filter((file) => !file.kept).map((file) => file.packed ?? file.url);

/**
 * Serve the planned files to Pyodide: wraps this worker's `fetch` so that a
 * request for a packed file gets the unpacked bytes, and one for a kept file
 * the kept copy while `direct()` says so (else it is fetched as usual).
 * Starts every packed download at once, through `fetchFile` (the worker's
 * watched fetch, which counts bytes and reports failures), and unpacks them
 * in the plan's order (see bigFiles).
 *
 * A split file's first part is served the same way, and kept on its plan
 * entry as `first` (the promise of a Blob), for spliceWhole; a `spliced`
 * one is served whole, once spliceWhole has made it.
 *
 * @returns {Promise<Record<string, Blob>>} the unpacked files by URL, typed,
 *   once all are unpacked (for the page to keep; a split file's first part
 *   is not among them, though a failure to unpack it rejects; a spliced
 *   file's whole module is)
 */
export function serveFiles(plan, decoderURL, fetchFile, direct = () => true) {
  const served = new Map();
  const unpacked = {};
  let decoder = null;
  let turn = Promise.resolve();
  for (const file of plan) {
    if (file.kept) {
      const kept = reuse(file.kept, () => findKept(file.url));
      served.set(file.url, () => (direct() ? kept() : null));
    } else if (file.packed) {
      decoder ??= loadDecoder(decoderURL);
      const download = fetchFile(file.packed);
      const opened = turn.then(() => unpack(file, download, decoder));
      turn = opened.catch(() => {});
      let blob = opened.then(({ blob }) => blob);
      if (file.rest) file.first = blob;
      if (file.spliced) blob = blob.then(() => spliceWhole(file, decoderURL, fetchFile));
      unpacked[file.url] = blob;
      const again = () => blob.then((whole) => new Response(whole));
      served.set(file.url, file.spliced ? again : reuse(opened.then(({ response }) => response), again));
    }
  }
  const watchedFetch = self.fetch;
  self.fetch = (resource, options) => {
    const url = String(resource instanceof self.Request ? resource.url : resource);
    return served.get(url)?.() ?? watchedFetch(resource, options);
  };
  const urls = Object.keys(unpacked);
  const split = new Set(plan.filter(restAfterVerdict).map((file) => file.url));
  return Promise.all(Object.values(unpacked)).then((blobs) =>
    Object.fromEntries(blobs.map((blob, index) => [urls[index], blob]).filter(([url]) => !split.has(url))),
  );
}

/**
 * The whole WebAssembly of a split plan entry (one served by serveFiles):
 * downloads its rest, unpacks it, splices it into the first part, and checks
 * the result against the whole module's SHA-256.
 * @returns {Promise<Blob>} the whole module (application/wasm)
 * @throws {Error} naming the file that could not be had, or the mismatch
 */
export async function spliceWhole(file, decoderURL, fetchFile) {
  const name = fileName(file.rest);
  const response = await fetchFile(file.rest).catch((error) => {
    throw new Error(downloadFailed(file.rest, error));
  });
  if (!response.ok) throw new Error(downloadFailed(file.rest, response.status));
  const rest = await collect(unpackStream(response.body, await loadDecoder(decoderURL)), "")
    .then((blob) => blob.arrayBuffer())
    .catch((error) => {
      throw new Error(`could not unpack ${name}, which is damaged or incomplete (${error.message})`);
    });
  const first = await (await file.first).arrayBuffer();
  const whole = splice(new Uint8Array(first), new Uint8Array(rest), name);
  const digest = await crypto.subtle.digest("SHA-256", whole);
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  if (hex !== file.sha256) {
    throw new Error(`${name} and the first part made a module whose SHA-256 is ${hex}, not ${file.sha256}`);
  }
  return new Blob([whole], { type: "application/wasm" });
}

/** The rest file's first bytes (hooks/wasm_split.py, MAGIC). */
const REST_MAGIC = "NOFREST1";

/**
 * The whole module from its first part and the rest file, whose format
 * hooks/wasm_split.py describes (and splices alike, for its tests).
 * @param {Uint8Array} first @param {Uint8Array} rest @param {string} name the rest file's, for errors
 */
export function splice(first, rest, name = "the rest file") {
  const damaged = (what) => new Error(`${name} is damaged: ${what}`);
  if (new TextDecoder().decode(rest.subarray(0, REST_MAGIC.length)) !== REST_MAGIC) {
    throw damaged("it does not start with its magic bytes");
  }
  const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
  const table = REST_MAGIC.length + 4;
  if (rest.length < table) throw damaged("it ends in its header");
  const runs = view.getUint32(REST_MAGIC.length, true);
  let data = table + 12 * runs;
  if (data > rest.length) throw damaged("it ends in its table of runs");
  let size = first.length;
  for (let run = 0; run < runs; run++) {
    size += view.getUint32(table + 12 * run + 8, true) - view.getUint32(table + 12 * run + 4, true);
  }
  const whole = new Uint8Array(size);
  let from = 0;
  let to = 0;
  for (let run = 0; run < runs; run++) {
    const at = view.getUint32(table + 12 * run, true);
    const drop = view.getUint32(table + 12 * run + 4, true);
    const insert = view.getUint32(table + 12 * run + 8, true);
    if (at < from || at + drop > first.length || data + insert > rest.length) {
      throw damaged(`its run ${run} does not fit the first part`);
    }
    whole.set(first.subarray(from, at), to);
    to += at - from;
    whole.set(rest.subarray(data, data + insert), to);
    to += insert;
    from = at + drop;
    data += insert;
  }
  if (data !== rest.length) throw damaged("it goes on after its last run");
  whole.set(first.subarray(from), to);
  return whole;
}

/** The decoder module, its WebAssembly loaded; rejects with an error naming the module. */
async function loadDecoder(url) {
  try {
    const decoder = await import(url);
    await decoder.default({ module_or_path: decoderWasm(url) });
    return decoder;
  } catch (error) {
    throw new Error(`could not load the Brotli decoder (${url}): ${error.message}`, {
      cause: error,
    });
  }
}

/** First call: `first` (a Response or its promise); later calls: `again()`. */
function reuse(first, again) {
  let used = false;
  return () => {
    if (used) return again();
    used = true;
    return Promise.resolve(first);
  };
}

/**
 * Unpack one file as its packed copy arrives: a Response for Pyodide, and
 * the whole file as a Blob, both of the file's MIME type (the Blob alone for
 * a `spliced` part, which Pyodide is served only once spliced).
 */
async function unpack(file, download, decoder) {
  const name = fileName(file.packed);
  const packed = await download.catch((error) => {
    throw new Error(downloadFailed(file.packed, error));
  });
  if (!packed.ok) throw new Error(downloadFailed(file.packed, packed.status));
  const unpacked = unpackStream(packed.body, await decoder);
  const [forPyodide, forKeeping] = file.spliced ? [null, unpacked] : unpacked.tee();
  const type = TYPES.find(([suffix]) => file.url.endsWith(suffix))?.[1] ?? "application/octet-stream";
  const blob = collect(forKeeping, type).catch((error) => {
    throw new Error(`could not unpack ${name}, which is damaged or incomplete (${error.message})`);
  });
  const response = forPyodide && new Response(forPyodide, { headers: { "Content-Type": type } });
  return { response, blob };
}

/** `body`, a stream of Brotli data, unpacked with `decoder` (the module, its WebAssembly loaded). */
export const unpackStream = (body, { BrotliDecStream }) => body.pipeThrough(unpacking(new BrotliDecStream()));

/**
 * A stream that unpacks the Brotli data written to it with the decoder's
 * `state` (a BrotliDecStream), one chunk of output at a time. It fails where
 * the data is not Brotli, ends before its end marker (a file cut short;
 * Brotli has no checksum), or goes on after it.
 */
function unpacking(state) {
  let done = false;
  return new TransformStream({
    transform(chunk, controller) {
      if (done) throw new Error("it goes on after its end");
      let input = chunk;
      for (;;) {
        const result = state.dec(input, OUTPUT_BYTES);
        if (result.buf.length) controller.enqueue(result.buf);
        input = input.subarray(result.input_offset);
        if (result.code === NEEDS_MORE_OUTPUT) continue;
        done = result.code === DONE;
        if (done && input.length) throw new Error("it goes on after its end");
        return; // done, or the chunk is used up and the decoder needs the next
      }
    },
    flush() {
      state.free();
      if (!done) throw new Error("it ends before its data does");
    },
  });
}

/** A stream's bytes as a Blob of `type`; rejects with the stream's own error. */
async function collect(stream, type) {
  const chunks = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Blob(chunks, { type });
    chunks.push(value);
  }
}
