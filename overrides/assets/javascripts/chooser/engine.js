/**
 * The page's side of the Python worker: one worker per tab, reused when the
 * reader leaves the chooser and comes back through instant navigation (this
 * module is evaluated once per tab, so `current` outlives page swaps).
 *
 * `Engine.start()` resolves when Python and the scorer are ready, reporting
 * stages on the way, and rejects when start-up fails or stalls: no progress
 * for `STALL_SECONDS` ends it with an error instead of an endless spinner.
 * `Engine.evaluate(query)` scores a share query string.
 *
 * When the worker, started on the first part of the WebAssembly, reaches a
 * function that part leaves out (a `restart` reply), the engine ends it and
 * starts a new one on the whole module, and asks the new one what was still
 * waiting: the reader sees a slower answer, never a failed one.
 *
 * @module
 */

import * as message from "./messages.js";

const { EngineError, Reply } = message;

/** Seconds without any sign of progress after which start-up counts as failed. */
export const STALL_SECONDS = 30;

/**
 * Marks the page's receipt of the worker's `ready`; its detail is
 * `{start, steps}`: how Python started, and when each step of the start
 * ended (messages.js, Step) on the page's clock, for the benchmark.
 */
export const READY_MARK = "chooser:python-ready";

/** @type {Engine | null} The tab's engine. */
let current = null;

/**
 * The tab's engine, created on first use (or again after a failed start).
 * @param {{runtime: string, lock: string, stdlib: string, packageName: string}} config
 *   absolute URLs of the runtime folder, lock file and stdlib, and the package name
 */
export function getEngine(config) {
  if (!current || current.failed) current = new Engine(config);
  return current;
}

export class Engine {
  constructor(config) {
    this.config = config;
    this.failed = false;
    this.info = null; // the `ready` payload, once started
    this.lastProgress = null; // the latest `progress` payload
    this.listeners = new Set(); // progress listeners of mounted pages
    this.nextId = 1;
    this.pending = new Map(); // request id -> { resolve, reject }
    this.worker = null;
    this.started = null;
    // The files the worker unpacked, once all are (the whole WebAssembly may follow `ready`).
    let keep;
    this.unpacked = new Promise((resolve) => (keep = resolve));
    this.keepUnpacked = keep;
  }

  /**
   * Start the worker and Python (once). Progress goes to `onProgress` until
   * ready; a page mounted later gets the latest stage at once.
   * @param {(progress: {stage: string, loaded: number, total: number}) => void} onProgress
   * @returns {Promise<object>} the `ready` payload
   */
  start(onProgress = () => {}) {
    this.listeners.add(onProgress);
    if (this.lastProgress) onProgress(this.lastProgress);
    this.started ??= this.#boot();
    return this.started.finally(() => this.listeners.delete(onProgress));
  }

  /**
   * End the worker, for a tab that started it but never showed the chooser;
   * what is still waiting is rejected, and the next getEngine() starts afresh.
   */
  stop() {
    this.#fail(new EngineError("The engine was stopped before the chooser was opened."));
  }

  /** Score a share query string; resolves with what scorer.api.evaluate returned. */
  async evaluate(query) {
    await this.start();
    const id = this.nextId++;
    try {
      const reply = await this.#request(message.evaluate(id, query));
      return reply.payload.result;
    } catch (error) {
      if (error instanceof Restarted) return this.evaluate(query);
      throw error;
    }
  }

  async #boot() {
    if (typeof WebAssembly !== "object") {
      this.failed = true;
      throw new EngineError("This browser has WebAssembly turned off or does not support it.");
    }
    const id = this.nextId++;
    const init = message.init(id, this.config);
    try {
      this.worker = new Worker(new URL("./worker.js", import.meta.url), {
        type: "module",
        name: message.workerName(init), // the worker starts on it at once (messages.js)
      });
    } catch (error) {
      this.failed = true;
      throw new EngineError(`The browser refused to start the worker: ${error.message}`);
    }
    this.worker.addEventListener("message", (event) => this.#receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.#fail(new EngineError(`The worker script failed: ${event.message || "could not load it"}`));
    });
    this.worker.addEventListener("messageerror", () => {
      this.#fail(new EngineError("The worker sent a message that could not be read."));
    });

    const watchdog = this.#watchdog();
    try {
      const reply = await Promise.race([
        this.#request(init),
        watchdog.stalled,
      ]);
      this.info = reply.payload;
      if (!this.info.wholeLater) this.keepUnpacked(this.info.unpacked);
      markReady(this.info);
      return this.info;
    } catch (error) {
      if (error instanceof Restarted) return this.#boot();
      this.#fail(error);
      throw error;
    } finally {
      watchdog.stop();
    }
  }

  /** Rejects when no progress arrives for STALL_SECONDS; every progress resets it. */
  #watchdog() {
    let timer = null;
    let reject;
    const stalled = new Promise((_, rejectWith) => (reject = rejectWith));
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const stage = this.lastProgress?.stage ?? null;
        reject(new EngineError(`Start-up made no progress for ${STALL_SECONDS} seconds.`, stage));
      }, STALL_SECONDS * 1000);
    };
    this.onAnyProgress = arm;
    arm();
    return { stalled, stop: () => clearTimeout(timer) };
  }

  #request(request) {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Route a reply to the request with its id; progress goes to listeners. */
  #receive(reply) {
    switch (reply?.type) {
      case Reply.PROGRESS:
        this.lastProgress = reply.payload;
        this.onAnyProgress?.();
        for (const listener of this.listeners) listener(reply.payload);
        return;
      case Reply.UNPACKED:
        this.keepUnpacked({ ...this.info?.unpacked, ...reply.payload.unpacked });
        return;
      case Reply.RESTART:
        this.#restart(reply.payload.stub);
        return;
      case Reply.READY:
      case Reply.RESULT:
        this.#settle(reply.id, (waiter) => waiter.resolve(reply));
        return;
      case Reply.ERROR: {
        const { message: text, stage } = reply.payload;
        const error = new EngineError(text, stage);
        if (reply.id === null || !this.pending.has(reply.id)) this.#fail(error);
        else this.#settle(reply.id, (waiter) => waiter.reject(error));
        return;
      }
      default:
        this.#fail(new EngineError(`Unknown reply from the worker: ${JSON.stringify(reply?.type)}`));
    }
  }

  #settle(id, action) {
    const waiter = this.pending.get(id);
    if (!waiter) return; // a reply to a request nobody waits for any more
    this.pending.delete(id);
    action(waiter);
  }

  /**
   * Start again on the whole WebAssembly: end this worker, and let each
   * request still waiting (`Restarted`) ask the next one. A start under way
   * starts again at once (#boot), and so does a finished one.
   */
  #restart(stub) {
    console.info(
      `chooser: Python reached function ${stub}, which the first part of the WebAssembly ` +
        "leaves out; starting again on the whole module",
    );
    this.worker.terminate();
    this.config = { ...this.config, whole: true };
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const waiter of waiting) waiter.reject(new Restarted());
    if (this.info) {
      // Started before: start again now, not at the reader's next answer.
      this.info = null;
      this.started = null;
      this.start().catch(() => {}); // the next request reports a failure
    }
  }

  /** Give up: stop the worker and reject everything still waiting. */
  #fail(error) {
    this.failed = true;
    this.worker?.terminate();
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** What a request still waiting is rejected with when the worker starts again (#restart). */
class Restarted extends Error {}

/** Mark `ready` (READY_MARK), the worker's step times moved onto the page's clock. */
function markReady({ start = null, steps = {} }) {
  const onPageClock = Object.entries(steps).map(([name, at]) => [name, at - performance.timeOrigin]);
  performance.mark(READY_MARK, { detail: { start, steps: Object.fromEntries(onPageClock) } });
}
