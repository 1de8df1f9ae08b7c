/**
 * An early start for the chooser page (loaded, async, from chooser.html's
 * head, on full page loads only).
 *
 * Starts the tab's Python worker (engine.js, with the runtime's addresses
 * from the script element's data, as on the chooser element), so Python
 * starts while the rest of the page loads; the chooser, mounted later by
 * loader.js, joins the same engine (a module is evaluated once per tab)
 * and is shown the start-up stage it has reached. A failed start is shown
 * by the chooser, which starts it again when asked to retry.
 *
 * Adds hints (`<link rel="prefetch">`, see HINT) for the runtime's files
 * listed in the script element's `data-chooser-preload`, so the browser
 * fetches them while the page is still loading; the Python worker, started
 * later, then finds them in the HTTP cache or already on their way. The
 * hints are made here, not written into the HTML, because Material's
 * instant navigation copies a new page's head elements into the current
 * page: written-in hints would fetch the files again each time a reader
 * came back to the chooser, although the tab's worker already has them. A
 * script element copied that way does not run again.
 *
 * The big files are hinted as the worker will read them (runtime_files.js):
 * their packed copies and the decoder on a first visit, the plain files when
 * they are kept from an earlier one. Deciding that takes a look into Cache
 * Storage: a few milliseconds, up to a tenth of a second on a busy first
 * load. (Skipping it where no service worker controls the page, since
 * files are kept only once there is one, sent the hints sooner, but often
 * before the page's first paint; Lighthouse's model of a slow link takes
 * every request begun by then as one the largest paint may wait for, and
 * put it at 7.8 s: the chooser scored 59 to 61 instead of about 80.)
 *
 * The theme's search index is not fetched while Python starts, nor at all
 * unless the reader reaches for the search (the page's search_on_demand
 * script, on every page).
 *
 * @module
 */

import { initPayload } from "./messages.js";
import { decoderWasm, downloadsOf, planFiles } from "./runtime_files.js";

/** The longest the hints wait for the questions' first paint (ms). */
const PAINT_WAIT_MS = 250;

/**
 * The kind of hint: `prefetch` where the browser has it, else `preload`.
 * Both put the file in the HTTP cache, where the worker finds it. A preload
 * also hands the whole body to the page's main thread, to keep for a fetch
 * by the page that never comes (the worker fetches on its own): in Chromium
 * 156 the task that ended the 2.77 MB WebAssembly's preload took 13 to 19 ms
 * of the main thread's CPU in every traced Lighthouse load, and with a
 * prefetch under 3 ms. Six alternating Lighthouse runs: 98 against 92 for
 * the chooser; twice seven paired rounds: first verdicts no later (speed
 * log, 5 December 2026). Safari has no prefetch, and keeps the preload.
 */
const HINT = document.createElement("link").relList.supports("prefetch") ? "prefetch" : "preload";

const source = document.querySelector("script[data-chooser-preload]");

if (source?.dataset.runtime) {
  const payload = initPayload(source.dataset);
  hint(payload, source.dataset.chooserPreload.split(" ").filter(Boolean));
  // Imported here, not above: this module then runs once its two imports
  // have arrived, where from an HTTP/1.1 server a third would wait for a
  // connection beside linked stylesheets (see the template; with
  // extra.inline_styles there are none, and importing engine.js above made
  // no difference: on return visits this module ran 0.19 to 0.21 s after
  // navigation either way, once the parser had finished, 3 December 2026).
  const started = import("./engine.js").then(({ getEngine }) => getEngine(payload).start());
  started.catch(() => {}); // the chooser shows the error once it is mounted
}

/**
 * Add a hint for each file, the big ones as the worker will read them,
 * once the questions have been painted (see questionsPainted).
 */
async function hint(payload, hrefs) {
  const [plan] = await Promise.all([planFiles(payload), questionsPainted()]);
  const big = new Set(plan.map((file) => file.url));
  const others = hrefs.map((href) => new URL(href, document.baseURI).href).filter((url) => !big.has(url));
  const packed = plan.some((file) => file.packed) ? [payload.decoder, decoderWasm(payload.decoder)] : [];
  for (const href of [...downloadsOf(plan), ...packed, ...others]) {
    const link = document.createElement("link");
    link.rel = HINT;
    if (HINT === "preload") link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.dataset.chooserHint = "";
    link.href = href;
    document.head.append(link);
  }
}

/**
 * Resolves once the chooser's questions have been painted, and with them the
 * text above them, or after PAINT_WAIT_MS at the latest (a tab opened in the
 * background paints nothing). The downloads then never compete with the
 * page's first look, and Lighthouse, whose model of a slow link counts every
 * request made before the page's largest paint as one that paint waited for,
 * no longer waits for the runtime there: the intro paragraph, the largest
 * paint here, came after the hints in two loads of eight at Lighthouse's
 * phone size, and one Lighthouse run of five then scored 57 (the others
 * 85 to 94). On Fast 4G the questions are painted about when the hints
 * went out before, so the downloads start no later.
 */
function questionsPainted() {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      done = true;
      resolve();
    };
    setTimeout(finish, PAINT_WAIT_MS);
    const painted = () => requestAnimationFrame(() => requestAnimationFrame(finish));
    // Looks once a frame until the questions are there, and no longer once resolved.
    const look = () => {
      if (done) return;
      if (document.querySelector("[data-chooser]")) painted();
      else requestAnimationFrame(look);
    };
    look();
  });
}
