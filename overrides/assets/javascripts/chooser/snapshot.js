/**
 * Memory snapshots of the chooser's Python, kept in the browser's origin
 * private file system (OPFS) so that a later visit skips Python's start-up
 * (worker side).
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
 * Why OPFS: a dedicated worker reads a file there with one synchronous call
 * (`FileSystemSyncAccessHandle.read`). Reading the 31.5 MB back took 18 to
 * 21 ms in Chromium 156 here, where the same bytes took 50 to 170 ms from
 * Cache Storage, which kept them until 3 December 2026.
 *
 * One file holds one snapshot: a header (MAGIC, then the key's length and
 * the key as UTF-8, then the memory's length, all lengths 32-bit little
 * endian), then the memory. A new snapshot is written beside it and then
 * moved over it, so a worker stopped half-way (the tab closed) leaves the
 * last whole one; a file whose lengths do not add up is not used.
 *
 * @module
 */

/** OPFS folder of the chooser's files; one snapshot at a time lives there. */
export const FOLDER = "node-or-flask-chooser";
/** The snapshot's file, and the one a new snapshot is written to first. */
export const FILE = "python.snapshot";
const PART = `${FILE}.part`;
/** The file's first bytes: format and version. */
export const MAGIC = "NOFSNAP1";
/** Cache Storage that held snapshots until 3 December 2026: cleared on save. */
const OLD_CACHE = "node-or-flask-snapshot";
/** How often, and how long apart (ms), a read or a save asks again for a file another tab holds. */
const LOCKED_TRIES = 40;
const LOCKED_RETRY_MS = 25;
/** Quiet time (ms) after the last answer before the snapshot is taken. */
const IDLE_MS = 1500;

const utf8 = new TextEncoder();

/** OPFS with synchronous file access (dedicated workers, secure contexts). */
export function supported() {
  return (
    self.isSecureContext &&
    typeof self.navigator?.storage?.getDirectory === "function" &&
    typeof self.FileSystemFileHandle?.prototype?.createSyncAccessHandle === "function"
  );
}

/** The snapshot's key: a URL beside the lock file, naming the runtime too. */
export function key(runtime, lock) {
  return new URL(`python-snapshot?runtime=${encodeURIComponent(runtime)}`, lock).href;
}

/** The chooser's OPFS folder; made only by `save` (a look for a snapshot leaves nothing behind). */
async function folder(create = false) {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create });
}

/** The header for `key` and a memory of `size` bytes. */
function header(key, size) {
  const magic = utf8.encode(MAGIC);
  const name = utf8.encode(key);
  const bytes = new Uint8Array(magic.length + 4 + name.length + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(magic, 0);
  view.setUint32(magic.length, name.length, true);
  bytes.set(name, magic.length + 4);
  view.setUint32(magic.length + 4 + name.length, size, true);
  return bytes;
}

/**
 * The saved memory for `key`, or null: none saved, saved for another key
 * (an older build), or not whole.
 */
export async function find(key) {
  if (!supported()) return null;
  let handle = null;
  try {
    handle = await openToRead(await (await folder()).getFileHandle(FILE));
    const expected = header(key, 0); // as saved, up to the memory's length
    const head = new Uint8Array(expected.length);
    if (handle.read(head, { at: 0 }) !== head.length) return null;
    if (expected.subarray(0, -4).some((byte, i) => byte !== head[i])) return null;
    const size = new DataView(head.buffer).getUint32(head.length - 4, true);
    if (handle.getSize() !== head.length + size) return null;
    const memory = new Uint8Array(size);
    return handle.read(memory, { at: head.length }) === size ? memory : null;
  } catch {
    return null; // none saved, or another tab's worker kept it locked for a second
  } finally {
    handle?.close();
  }
}

/**
 * A handle to read `file`. Read-only handles share the file, so tabs opened
 * together all read it (Chromium since 121). A browser without that mode
 * (Firefox ESR 153) locks the file for each read, about as long as a read
 * takes: another tab's worker asks again after a moment.
 */
function openToRead(file) {
  return whenFree(() => file.createSyncAccessHandle({ mode: "read-only" }));
}

/**
 * Run `action`; while another tab's worker holds the file it needs (a read
 * takes about 20 ms), run it again after a moment, up to LOCKED_TRIES times.
 */
async function whenFree(action) {
  for (let tries = 1; ; tries++) {
    try {
      return await action();
    } catch (error) {
      if (error?.name !== "NoModificationAllowedError" || tries >= LOCKED_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
    }
  }
}

/** Forget the saved snapshot (it did not start). */
export async function remove() {
  try {
    await (await folder()).removeEntry(FILE);
  } catch {
    // nothing saved, or no OPFS: nothing to forget
  }
}

/**
 * Save a snapshot of `pyodide` under `key`, replacing the one saved before.
 * Pyodide refuses a snapshot while its list of loaded packages holds
 * anything (it expects an empty object there), so the list is emptied for
 * the moment of the copy; the scorer stays imported either way.
 */
export async function save(key, pyodide) {
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  let memory;
  try {
    memory = pyodide.makeMemorySnapshot();
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
  const dir = await folder(true);
  const part = await dir.getFileHandle(PART, { create: true });
  // Throws while another tab's save writes the part file: that save goes on, this one gives way.
  const handle = await part.createSyncAccessHandle();
  try {
    try {
      writeWhole(handle, header(key, memory.length), memory);
    } finally {
      handle.close();
    }
    // Not while another tab reads the old file: asked again until it is free.
    await whenFree(() => replace(dir, part));
  } catch (error) {
    await dir.removeEntry(PART).catch(() => {}); // not left behind: up to 31.5 MB
    throw error;
  }
  await self.caches?.delete(OLD_CACHE).catch(() => {});
}

/** Write `head` and then `memory` from the file's start, whole, or throw (a full disk). */
function writeWhole(handle, head, memory) {
  handle.truncate(0);
  const written = handle.write(head, { at: 0 }) + handle.write(memory, { at: head.length });
  if (written !== head.length + memory.length) throw new Error("only part of the snapshot was written");
  handle.flush();
}

/**
 * Move `part` over the saved snapshot in one step, so that a tab closed at
 * any moment leaves a whole snapshot, old or new. Chromium 156 and Firefox
 * ESR 153 move over a file, as the web platform tests of `move` expect; a
 * browser that refuses to with InvalidModificationError gets the old file
 * removed first (Firefox's file system refused every overwrite in 2022, its
 * bug 1802278 says; the error it gave is not recorded there). Any other error
 * leaves the saved snapshot alone: the part file gone (another tab's save
 * moved it) must not cost the snapshot that save put in place.
 */
async function replace(dir, part) {
  try {
    await part.move(dir, FILE);
  } catch (error) {
    if (error?.name !== "InvalidModificationError") throw error;
    await dir.removeEntry(FILE);
    await part.move(dir, FILE);
  }
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
