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
 * Adds `<link rel="preload">` hints for the runtime's files listed in the
 * script element's `data-chooser-preload`, so the browser fetches them while
 * the page is still loading; the Python worker, started later, then finds
 * them in the HTTP cache or already on their way. The hints are made here,
 * not written into the HTML, because Material's instant navigation copies a
 * new page's head elements into the current page: written-in hints would
 * fetch the files again each time a reader came back to the chooser,
 * although the tab's worker already has them. A script element copied that
 * way does not run again.
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
 * Holds back the theme's search index until Python has started, so that
 * the two do not share the CPU (see holdSearchIndex).
 *
 * @module
 */

import { initPayload } from "./messages.js";
import { downloadsOf, planFiles } from "./runtime_files.js";

/** The longest the hints wait for the questions' first paint (ms). */
const PAINT_WAIT_MS = 250;
/** The longest the theme's search index waits for Python to start (ms). */
const SEARCH_HOLD_MS = 10_000;

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
  holdSearchIndex(started);
}

/**
 * Add a preload hint for each file, the big ones as the worker will read them,
 * once the questions have been painted (see questionsPainted).
 */
async function hint(payload, hrefs) {
  const [plan] = await Promise.all([planFiles(payload), questionsPainted()]);
  const big = new Set(plan.map((file) => file.url));
  const others = hrefs.map((href) => new URL(href, document.baseURI).href).filter((url) => !big.has(url));
  const packed = plan.some((file) => file.packed) ? [payload.decoder] : [];
  for (const href of [...downloadsOf(plan), ...packed, ...others]) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
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

/**
 * Hold back the theme's search index until Python has started (or failed
 * to), the reader opens the search, or SEARCH_HOLD_MS have passed.
 *
 * On every full page load Material sends its search worker the site's
 * index, which the worker builds at once: about a third of a second of CPU,
 * just while Python starts. On return visits the chooser's first verdict
 * came 0.1 s sooner without that work beside it. The message that carries
 * the index (Material 9.8.2's search "setup" message: type 0, with the
 * documents) waits here, with any that follow it to the same worker, and
 * they go out in order when the hold ends. It is sent once the index has
 * been fetched, well after this script has run; should a later Material
 * send something else, nothing is held.
 *
 * @param {Promise<unknown>} started settles once Python is ready or has failed
 */
function holdSearchIndex(started) {
  const proto = window.Worker?.prototype;
  if (typeof proto?.postMessage !== "function") return;
  const post = proto.postMessage;
  const held = [];
  let search = null; // the worker the index was sent to
  proto.postMessage = function (message, ...rest) {
    if (this === search || (search === null && isSearchIndex(message))) {
      search = this;
      held.push([message, ...rest]);
      return;
    }
    post.call(this, message, ...rest);
  };
  Promise.race([
    started.catch(() => {}),
    searchOpened(),
    new Promise((resolve) => setTimeout(resolve, SEARCH_HOLD_MS)),
  ]).then(() => {
    proto.postMessage = post;
    for (const args of held) post.apply(search, args);
  });
}

/** Whether `message` is Material's search index on its way to its worker. */
const isSearchIndex = (message) => message?.type === 0 && Array.isArray(message.data?.docs);

/**
 * Resolves when the reader opens the search: Material's search toggle, a
 * checkbox that its button and keyboard shortcuts click, or its field.
 */
function searchOpened() {
  return new Promise((resolve) => {
    const opened = (event) => {
      if (event.target?.id === "__search" || event.target?.matches?.(".md-search__input")) resolve();
    };
    document.addEventListener("change", opened, true);
    document.addEventListener("focusin", opened, true);
  });
}
