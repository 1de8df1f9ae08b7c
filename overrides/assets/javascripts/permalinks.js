/**
 * Section links that stay clean, on every page.
 *
 * - A heading's permalink (the "¶" Material adds) points at the page's clean
 *   address plus the heading's id: no search highlight (`?h=`), no chooser
 *   answers, no other fragment. Clicking it goes to the section as before and
 *   also copies that address, and says so next to the link.
 * - No address keeps a fragment that names nothing on the page shown. With
 *   instant navigation, Material's "navigation.tracking" can write the active
 *   heading of the page being left onto the next page's address (e.g. Back to
 *   the chooser arrived as `chooser/#short-version`). Such fragments are
 *   dropped when a page is shown and whenever the address is replaced.
 *
 * @module
 */

import { copyText } from "./clipboard.js";

const COPIED_MS = 2000;
/** The heading whose link was just copied, and until when to say so. */
const copied = { id: "", until: 0 };

/** The id a fragment names, or "" (decoded; "#" alone names nothing). */
function fragmentId(hash) {
  try {
    return decodeURIComponent(hash.replace(/^#/, ""));
  } catch {
    return hash.replace(/^#/, "");
  }
}

/** Whether the page shown has an element the fragment can point to. */
function namesSomething(hash) {
  const id = fragmentId(hash);
  return id === "" || document.getElementById(id) !== null || document.getElementsByName(id).length > 0;
}

/** Replace the address without a fragment that names nothing here. */
function guardReplaceState() {
  const replace = history.replaceState.bind(history);
  history.replaceState = (state, unused, url) => {
    if (url !== undefined && url !== null) {
      const target = new URL(String(url), location.href);
      if (target.hash && !namesSomething(target.hash)) {
        target.hash = "";
        return replace(state, unused, target.href);
      }
    }
    return replace(state, unused, url);
  };
}

/** After a page is shown: drop a fragment left over from another page. */
function dropStaleFragment() {
  if (location.hash && !namesSomething(location.hash)) {
    const url = new URL(location.href);
    url.hash = "";
    history.replaceState(history.state, "", url.href);
  }
}

/** The page's address without query and fragment, plus `#id`. */
function cleanLink(id) {
  const url = new URL(location.href);
  url.search = "";
  url.hash = id;
  return url.href;
}

/** Point each heading permalink at its clean address; clicking also copies it. */
function setupPermalinks() {
  for (const link of document.querySelectorAll("a.headerlink")) {
    if (link.dataset.clean) continue;
    link.dataset.clean = "true";
    // Material may already have made the href absolute: read only its fragment.
    const id = fragmentId(new URL(link.getAttribute("href") ?? "", location.href).hash);
    if (!id) continue;
    link.href = cleanLink(id);
    if (copied.id === id && Date.now() < copied.until) showCopied(link, copied.until - Date.now());
    link.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      const clean = cleanLink(id);
      location.hash = id; // go to the section on this very page, answers and all
      copyText(clean).then((done) => {
        if (!done) return;
        // Going to the section may redraw the page: a redrawn link says it too.
        Object.assign(copied, { id, until: Date.now() + COPIED_MS });
        showCopied(currentLink(id) ?? link);
      });
    });
  }
}

/** The permalink of the heading with this id on the page as shown now. */
function currentLink(id) {
  return document.getElementById(id)?.querySelector("a.headerlink") ?? null;
}

function showCopied(link, ms = COPIED_MS) {
  link.dataset.copied = "Link copied";
  clearTimeout(link.copiedTimer);
  link.copiedTimer = setTimeout(() => delete link.dataset.copied, ms);
}

function onPage() {
  dropStaleFragment();
  setupPermalinks();
}

guardReplaceState();
// Material emits document$ on the first load and after every instant navigation.
if (window.document$) window.document$.subscribe(onPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
else onPage();
