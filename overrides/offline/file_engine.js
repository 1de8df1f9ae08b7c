/**
 * The chooser's engine in the offline copy, read from disk (file://).
 *
 * From file:// Chromium blocks module scripts, module workers and fetch, so
 * the worker of the published site (engine.js + worker.js) cannot run. Here
 * Python runs on the page itself instead: the copy's build embedded every
 * file of the chooser's runtime (whatever the runtime hook put under
 * assets/pyodide/) as base64 in one classic script, assets/pyodide/embedded.js.
 * That script is loaded with a <script> tag; pyodide.mjs and pyodide.asm.mjs
 * are imported from blob: URLs, the latter handed to loadPyodide as its
 * `createPyodideModule`; the lock file is passed as `lockFileContents`; and
 * a fetch shim answers Pyodide's requests for the WebAssembly, the standard
 * library and the scorer wheel from the embedded files.
 *
 * The bundle for the copy (bundle_chooser.mjs) puts this module in place of
 * engine.js, so chooser.js and view.js are the very same code as online. It
 * keeps engine.js's interface: `getEngine(config)` -> `{ start, evaluate, failed }`.
 *
 * @module
 */

import { BRIDGE_CODE, EngineError, Stage, describe } from "../assets/javascripts/chooser/messages.js";

/** Where the copy's build wrote the embedded runtime, from the site root. */
const EMBEDDED = "assets/pyodide/embedded.js";
/** Seconds the embedded runtime may take to load, and Python to start, before the page gives up. */
export const STALL_SECONDS = 20;
export const START_SECONDS = 60;

let current = null;

/** The page's engine, created on first use (or again after a failed start). */
export function getEngine(config) {
  if (!current || current.failed) current = new FileEngine(config);
  return current;
}

class FileEngine {
  constructor(config) {
    this.config = config;
    this.failed = false;
    this.started = null;
    this.bridge = null;
  }

  start(onProgress = () => {}) {
    this.started ??= this.#boot(onProgress).catch((error) => {
      this.failed = true;
      throw error instanceof EngineError ? error : new EngineError(describe(error), this.stage);
    });
    return this.started;
  }

  async evaluate(query) {
    await this.start();
    const result = JSON.parse(this.bridge("evaluate", String(query)));
    if (result.error) throw new EngineError(`the scorer failed: ${result.error}`);
    return result;
  }

  async #boot(onProgress) {
    const began = performance.now();
    const report = (stage) => {
      this.stage = stage;
      onProgress({ stage, loaded: 0, total: 0 });
    };
    report(Stage.DOWNLOAD);
    if (typeof WebAssembly !== "object") {
      throw new EngineError("This browser has WebAssembly turned off or does not support it.");
    }
    const chooser = document.querySelector("[data-chooser]");
    const siteRoot = new URL(chooser?.dataset.root || "./", document.baseURI);
    const files = await loadEmbedded(new URL(EMBEDDED, siteRoot));
    report(Stage.START);
    // Let the page paint the new stage before Python takes the main thread.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const file = (url) => {
      const key = url.startsWith(siteRoot.href) ? decodeURI(url.slice(siteRoot.href.length)) : null;
      return key !== null && key in files ? decode(files[key]) : null;
    };
    const need = (url) => file(url) ?? fail(`the offline copy lacks ${url.slice(siteRoot.href.length)}`);
    const moduleURL = (url) => URL.createObjectURL(new Blob([need(url)], { type: "text/javascript" }));
    const fail = (text) => {
      throw new EngineError(text, this.stage);
    };

    const { runtime, lock, stdlib, packageName } = this.config;
    const { loadPyodide } = await import(moduleURL(`${runtime}pyodide.mjs`));
    const { default: createPyodideModule } = await import(moduleURL(`${runtime}pyodide.asm.mjs`));
    const restore = shimFetch(file);
    let pyodide, timer;
    const stalled = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new EngineError(`Python did not start within ${START_SECONDS} seconds.`, Stage.START)),
        START_SECONDS * 1000,
      );
    });
    try {
      pyodide = await Promise.race([stalled, loadPyodide({
        indexURL: runtime,
        stdLibURL: stdlib,
        lockFileContents: new TextDecoder().decode(need(lock)),
        packageBaseUrl: new URL(".", lock).href,
        createPyodideModule,
        packages: [packageName],
        stdout: (line) => console.debug(`[python] ${line}`),
        stderr: (line) => console.warn(`[python] ${line}`),
      })]);
    } finally {
      clearTimeout(timer);
      restore();
    }

    report(Stage.SCORER);
    this.bridge = pyodide.runPython(BRIDGE_CODE);
    return {
      pyodide: pyodide.version,
      python: pyodide.runPython("import sys; sys.version.split()[0]"),
      seconds: (performance.now() - began) / 1000,
      knowledge: JSON.parse(this.bridge("questions")),
    };
  }
}

/** Load the embedded runtime script; reject with a reason instead of waiting. */
function loadEmbedded(url) {
  if (self.__nofEmbedded) return Promise.resolve(self.__nofEmbedded);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    const timer = setTimeout(
      () => reject(new EngineError(`The chooser's runtime did not load within ${STALL_SECONDS} seconds.`)),
      STALL_SECONDS * 1000,
    );
    script.src = url.href;
    script.onload = () => {
      clearTimeout(timer);
      if (self.__nofEmbedded) resolve(self.__nofEmbedded);
      else reject(new EngineError("The chooser's runtime file of this copy is damaged."));
    };
    script.onerror = () => {
      clearTimeout(timer);
      reject(new EngineError(`This copy lacks the chooser's runtime (${EMBEDDED}).`));
    };
    document.head.append(script);
  });
}

/** Answer fetches of embedded files from memory while Python starts. */
function shimFetch(file) {
  const original = self.fetch;
  self.fetch = async (resource, options) => {
    const url = String(resource instanceof Request ? resource.url : resource);
    const bytes = file(url);
    if (bytes === null) return original.call(self, resource, options);
    const type = url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
  };
  return () => {
    self.fetch = original;
  };
}

const decoded = new Map();

/** base64 -> bytes, once per file. */
function decode(text) {
  if (!decoded.has(text)) {
    decoded.set(
      text,
      Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
    );
  }
  return decoded.get(text);
}
