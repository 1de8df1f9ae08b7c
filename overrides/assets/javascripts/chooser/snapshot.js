/**
 * Memory snapshots of the chooser's Python, kept in the browser's Cache
 * Storage so that a later visit skips Python's start-up (worker side).
 *
 * A snapshot is Pyodide's WebAssembly memory after a normal start with the
 * scorer imported: restoring it is several times faster than starting
 * Python. The worker makes it in the reader's own browser, after the first
 * verdict, so it costs no download and always matches the runtime that made
 * it; Pyodide also refuses a snapshot from another build. The API is private
 * in Pyodide 314 (`_makeSnapshot`, `makeMemorySnapshot`, `_loadSnapshot`),
 * so every step here may fail, and every failure means a normal start.
 * A restored Python also resumes the saved state exactly, random seed and
 * string-hash seed included; the scorer is deterministic and uses neither.
 *
 * @module
 */

/**
 * Cache Storage name; one snapshot at a time lives there. Not under the
 * service worker's "node-or-flask-chooser-" prefix: on taking over, the
 * worker deletes every cache of that prefix but its own build's.
 */
export const CACHE = "node-or-flask-snapshot";
/** Quiet time (ms) after the last answer before the snapshot is taken. */
const IDLE_MS = 1500;

/** Cache Storage is there (secure contexts only: https and 127.0.0.1). */
export function supported() {
  return self.isSecureContext && typeof self.caches?.open === "function";
}

/** The snapshot's key: a URL beside the lock file, naming the runtime too. */
export function key(runtime, lock) {
  return new URL(`python-snapshot?runtime=${encodeURIComponent(runtime)}`, lock).href;
}

/** The saved snapshot for `key`, or null. */
export async function find(key) {
  if (!supported()) return null;
  try {
    const response = await (await caches.open(CACHE)).match(key);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Forget the snapshot for `key` (it did not start). */
export async function remove(key) {
  try {
    await (await caches.open(CACHE)).delete(key);
  } catch {
    // nothing saved, or no Cache Storage: nothing to forget
  }
}

/**
 * Save a snapshot of `pyodide` under `key`, replacing any other.
 * Pyodide refuses a snapshot while its list of loaded packages holds
 * anything (it expects an empty object there), so the list is emptied for
 * the moment of the copy; the scorer stays imported either way.
 */
export async function save(key, pyodide) {
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  let bytes;
  try {
    bytes = pyodide.makeMemorySnapshot();
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
  const cache = await caches.open(CACHE);
  for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old);
  await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
}

/**
 * Run `task` once the worker has been idle for IDLE_MS; call the returned
 * function after each request to push it back.
 */
export function whenIdle(task) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      task().catch((error) => console.warn(`chooser: no snapshot saved (${error?.message ?? error})`));
    }, IDLE_MS);
  };
}
