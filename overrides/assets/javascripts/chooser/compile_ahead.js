/**
 * Compiles the Python runtime's JavaScript ahead of the reader's next visit
 * to the chooser (a module worker, started and ended by offline.js).
 *
 * Chromium keeps the compiled code of a script that a service worker serves
 * from Cache Storage beside the cached copy, but only once the script has
 * run from there; a copy kept during the first visit has not. So the first
 * return visit compiled Pyodide's 1.25 MB `pyodide.asm.mjs` again (about
 * 0.1 s of the Python worker's start) and only the visit after it found the
 * compiled code.
 *
 * offline.js starts this worker once it has kept the runtime, and sends it
 * the runtime folder's address. The worker imports `pyodide.mjs` and starts
 * Pyodide's loader, which imports `pyodide.asm.mjs` and runs its set-up, as
 * the Python worker does, with every fetch of this worker left unanswered:
 * nothing is downloaded, no WebAssembly is compiled and Python never
 * starts. Chromium then keeps the compiled code as it does after a start,
 * and the worker replies "compiled"; offline.js ends it.
 *
 * @module
 */

self.addEventListener(
  "message",
  async (event) => {
    try {
      const runtime = String(event.data?.runtime ?? "");
      if (!runtime.endsWith("/")) throw new Error(`not a runtime folder: ${JSON.stringify(runtime)}`);
      self.fetch = () => new Promise(() => {}); // nothing is downloaded, so nothing starts
      const { loadPyodide } = await import(`${runtime}pyodide.mjs`);
      loadPyodide({ indexURL: runtime }).catch(() => {}); // waits on a fetch for ever
      // The loader imports pyodide.asm.mjs and runs its set-up as soon as the
      // import is done: one import, shared, so this resolves at that moment.
      await import(`${runtime}pyodide.asm.mjs`);
      await nextTask(); // the set-up, then Chromium's task that keeps the code
      await nextTask();
      self.postMessage({ type: "compiled" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error?.message ?? error) });
    }
  },
  { once: true },
);

/** Resolves once the tasks queued before it have run. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
