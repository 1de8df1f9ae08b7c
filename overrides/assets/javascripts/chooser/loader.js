/**
 * Mounts the chooser on the page that has one. mkdocs.yml loads this small
 * module on every page because Material's instant navigation swaps page
 * content without a reload: a script only the chooser page loaded would not
 * run when a reader arrives there by a link.
 *
 * On any other page it fetches nothing of Pyodide until the reader is about
 * to open the chooser: a pointer resting on a link to it for INTENT_MS, or
 * a press on one, starts the chooser's engine (engine.js) then. With instant
 * navigation the tab's engine outlives the page swap, and the chooser, once
 * mounted, joins it: after a pointer rested 0.3 s on the home page's
 * button, the verdict came about 0.2 s sooner after the click, and after
 * 1 s about 0.8 s sooner ("How fast is the chooser?"). An engine started
 * that way but not used within UNUSED_ENGINE_MS is stopped, so a tab where
 * the chooser was never opened does not keep Python's memory; the files it
 * downloaded stay in the browser's HTTP cache for as long as the server
 * allows. Nothing starts early when the reader's browser asks to save data.
 *
 * @module
 */

const SELECTOR = "[data-chooser]";

/** How long a pointer rests on a link to the chooser before its engine starts (ms). */
const INTENT_MS = 100;

/** How long an engine started early is kept if the chooser is not opened (ms). */
const UNUSED_ENGINE_MS = 60_000;

/** Whether a chooser has been mounted in this tab (its engine is then in use). */
let chooserMounted = false;

/** Mount the chooser element on this page, once, if there is one. */
function mountChooser() {
  const root = document.querySelector(SELECTOR);
  if (!root || root.dataset.mounted) return;
  root.dataset.mounted = "true";
  chooserMounted = true;
  import("./chooser.js")
    .then(({ mount }) => mount(root))
    .catch((error) => showLoadFailure(root, error));
}

/** The page script itself failed to load: say so instead of waiting forever. */
function showLoadFailure(root, error) {
  const result = root.querySelector("#chooser-result");
  result.dataset.state = "error";
  result.setAttribute("aria-busy", "false");
  result.querySelector('[data-slot="progress"]').hidden = true;
  result.querySelector('[data-slot="error"]').hidden = false;
  result.querySelector('[data-slot="error-detail"]').textContent =
    `Its script did not load (${error.message}).`;
  result.querySelector('[data-slot="verdict"]').textContent =
    "No recommendation: the chooser's engine could not start.";
}

/**
 * Where the chooser and its runtime are, from main.html's `meta[name=chooser]`
 * (absent from the offline copy), resolved on the page this module was first
 * loaded with: after an instant navigation the page's base differs. Null on
 * the chooser page itself, and when the browser asks to save data.
 */
function chooserLocation() {
  const meta = document.querySelector('meta[name="chooser"]');
  if (!meta || document.querySelector(SELECTOR) || navigator.connection?.saveData) return null;
  return {
    path: new URL(meta.content, document.baseURI).pathname,
    runtime: { ...meta.dataset, root: new URL(meta.dataset.root, document.baseURI).href },
  };
}

/** Start the chooser's engine once a reader is about to open the chooser (see chooserLocation). */
function watchForIntent(chooser) {
  const linkToChooser = (node) => {
    const link = node instanceof Element ? node.closest("a[href]") : null;
    const html = link instanceof HTMLAnchorElement; // an SVG link's href is no string
    return html && new URL(link.href).pathname === chooser.path ? link : null;
  };
  let timer = null;
  const listeners = {
    pointerover(event) {
      if (timer === null && linkToChooser(event.target)) timer = setTimeout(start, INTENT_MS);
    },
    pointerout(event) {
      const link = linkToChooser(event.target);
      if (link && !link.contains(event.relatedTarget)) {
        clearTimeout(timer);
        timer = null;
      }
    },
    pointerdown(event) {
      if (linkToChooser(event.target)) start();
    },
  };
  for (const [type, listener] of Object.entries(listeners)) {
    document.addEventListener(type, listener, { passive: true });
  }

  function start() {
    clearTimeout(timer);
    for (const [type, listener] of Object.entries(listeners)) {
      document.removeEventListener(type, listener);
    }
    Promise.all([import("./engine.js"), import("./messages.js")])
      .then(([{ getEngine }, { initPayload }]) => {
        const engine = getEngine(initPayload(chooser.runtime));
        engine.start().catch(() => {}); // a failed start is shown once the chooser is mounted
        setTimeout(() => {
          if (chooserMounted) return;
          engine.stop();
          watchForIntent(chooser); // the next hover starts it again
        }, UNUSED_ENGINE_MS);
      })
      .catch(() => {}); // the chooser imports them again when it is mounted
  }
}

const chooserAt = chooserLocation();
if (chooserAt) watchForIntent(chooserAt);

// Material emits document$ on the first load and after every instant navigation.
if (window.document$) window.document$.subscribe(mountChooser);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountChooser);
else mountChooser();
