/**
 * The chooser page: reads the static form, asks the Python worker to score
 * it, draws the result, and keeps the address bar's share link current.
 *
 * `mount(root)` is called by loader.js for each chooser element that appears
 * (a full load or an arrival through instant navigation). The engine, and so
 * the Python worker, is shared by every mount in the tab (engine.js).
 *
 * @module
 */

import { copyText } from "../clipboard.js";
import { getEngine } from "./engine.js";
import { initPayload } from "./messages.js";
import { createView } from "./view.js";

const SHARE_VERSION = "v=1"; // the scorer's share format (scorer/share.py)
const CHOOSER_PATH = "chooser/"; // the chooser page under the site root (scorer/wiki.py)
const DOWNLOAD_NAME = "node-or-flask-decision.json";
const COPIED_MS = 2500; // how long a copy button says "Copied"

/**
 * Mount the chooser in `root` (a `[data-chooser]` element).
 * @param {HTMLElement} root
 */
export function mount(root) {
  const form = root.querySelector("form");
  const view = createView(root);
  const chooser = {
    root,
    form,
    view,
    engine: null,
    knowledge: null, // scorer.api.questions(), once ready
    evaluation: null, // the latest scorer.api.evaluate() result
    touched: false, // the reader changed the form before the engine was ready
    // The site root, resolved once: the address bar moves between outcome pages.
    siteRoot: new URL(root.dataset.root || "./", document.baseURI),
  };
  chooser.schedule = createScheduler((query, options) => score(chooser, query, options));
  // The address bar moves between outcome pages (chooser/ <-> chooser/flask/):
  // keep the page's relative links pointing where they pointed at load.
  absolutizeLinks(document);
  setupForm(chooser);
  setupActions(chooser);
  startEngine(chooser);
}

/** Start (or join) the tab's engine, then score the link's or the form's state. */
function startEngine(chooser) {
  const { root, view } = chooser;
  view.setState("loading");
  chooser.engine = getEngine(initPayload(root.dataset));
  chooser.engine
    .start((progress) => view.showProgress(progress))
    .then((info) => {
      chooser.knowledge = info.knowledge;
      root.dataset.pythonStart = info.start ?? "normal"; // normal | snapshot | fallback
      // The runtime is downloaded: offline.js may now register its service
      // worker and keep a copy of the runtime for offline reading (the
      // files the worker unpacked, by URL, come with the event: a promise,
      // as the whole WebAssembly may be spliced after the first verdict).
      const detail = { unpacked: chooser.engine.unpacked ?? info.unpacked ?? {} };
      document.dispatchEvent(new CustomEvent("chooser:ready", { detail }));
      const link = location.search.replace(/^\?/, "");
      if (!chooser.touched && link) chooser.schedule(link, { restore: true });
      else chooser.schedule(formQuery(chooser.form));
    })
    .catch((error) => {
      document.dispatchEvent(new Event("chooser:failed")); // offline.js need not wait any longer
      view.showError(error);
    });
}

/**
 * Run `task(query)` one at a time; while one runs, only the newest waiting
 * query is kept (a slider drag sends many, the last one counts).
 */
function createScheduler(task) {
  let running = false;
  let waiting = null;
  async function pump() {
    running = true;
    while (waiting) {
      const [query, options] = waiting;
      waiting = null;
      await task(query, options);
    }
    running = false;
  }
  return (query, options = {}) => {
    waiting = [query, options];
    if (!running) pump();
  };
}

/** Score a query and show the result; `restore` also copies it into the form. */
async function score(chooser, query, { restore = false } = {}) {
  const { root, form, view } = chooser;
  let evaluation;
  try {
    evaluation = await chooser.engine.evaluate(resultLink(root, query));
  } catch (error) {
    if (root.isConnected) view.showError(error, { started: true });
    return;
  }
  if (!root.isConnected) return; // the reader has left this page
  if (restore) applyState(form, evaluation.answers, evaluation.weights);
  if (restore || chooser.evaluation === null) view.showProblems(evaluation.problems);
  chooser.evaluation = evaluation;
  view.render(evaluation, chooser.knowledge);
  showShareLink(chooser.siteRoot, evaluation);
}

/**
 * The query as a whole link to the chooser on the published site (its
 * site_url), so the scorer can return the absolute link back to the result.
 */
function resultLink(root, query) {
  const site = root.dataset.siteUrl;
  return site ? `${new URL(CHOOSER_PATH, site).href}?${query}` : query;
}

/**
 * Keep the current share link in the address bar: the page of the result's
 * outcome (chooser/flask/ ...) with the answers in the query, so a link
 * copied from there unfurls with its verdict. og:url follows it.
 */
function showShareLink(siteRoot, evaluation) {
  // From file:// (the offline copy, .html pages) the browser lets a page
  // change only its own query: stay on the page, carry the answers.
  const url =
    location.protocol === "file:"
      ? new URL(location.href)
      : new URL(evaluation.path || CHOOSER_PATH, siteRoot);
  url.search = evaluation.share;
  if (url.pathname === location.pathname) url.hash = location.hash;
  if (url.href !== location.href) history.replaceState(history.state, "", url);
  document.querySelector('meta[property="og:url"]')?.setAttribute("content", evaluation.url ?? url.href);
}

/**
 * Make the page's relative links absolute, resolved against the address the
 * page was loaded from. Once the address bar moves to another outcome page
 * (one folder deeper or higher), relative links would otherwise resolve
 * against the new address. Fragment-only links stay as they are.
 */
function absolutizeLinks(doc) {
  for (const link of doc.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (!href.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(href)) link.setAttribute("href", link.href);
  }
}

/** Re-score on every change; keep each slider's output in step. */
function setupForm(chooser) {
  const { form } = chooser;
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", (event) => {
    if (event.target.matches("input[type=range]")) showWeight(event.target);
    changed(chooser); // radios and sliders both fire "input"; "change" would score twice
  });
}

function changed(chooser) {
  chooser.touched = true;
  chooser.view.showProblems([]);
  if (chooser.knowledge) chooser.schedule(formQuery(chooser.form));
}

function showWeight(input) {
  input.parentElement.querySelector("output").textContent = `×${Number(input.value)}`;
}

/** The form's answers and non-default weights in the scorer's share format. */
export function formQuery(form) {
  const answers = [];
  for (const fieldset of form.querySelectorAll("[data-question]")) {
    const checked = fieldset.querySelector("input:checked");
    if (checked) answers.push(`${fieldset.dataset.question}.${checked.value}`);
  }
  const weights = [];
  for (const input of form.querySelectorAll("input[data-criterion]")) {
    if (input.value !== input.defaultValue) weights.push(`${input.dataset.criterion}.${Number(input.value)}`);
  }
  const parts = [SHARE_VERSION];
  if (answers.length) parts.push(`a=${answers.sort().join(",")}`);
  if (weights.length) parts.push(`w=${weights.sort().join(",")}`);
  return parts.join("&");
}

/** Put answers and weights (as the scorer returned them) into the form. */
function applyState(form, answers, weights) {
  for (const fieldset of form.querySelectorAll("[data-question]")) {
    const wanted = answers[fieldset.dataset.question];
    for (const input of fieldset.querySelectorAll("input[type=radio]")) input.checked = input.value === wanted;
  }
  for (const input of form.querySelectorAll("input[data-criterion]")) {
    const wanted = weights[input.dataset.criterion];
    input.value = wanted === undefined ? input.defaultValue : String(wanted);
    showWeight(input);
  }
}

/** Buttons: start over, retry, try a flip, copy link, copy record, download JSON. */
function setupActions(chooser) {
  const { root, form, view } = chooser;
  const actions = {
    reset() {
      form.reset();
      form.querySelectorAll("input[data-criterion]").forEach(showWeight);
      changed(chooser);
    },
    retry() {
      startEngine(chooser);
    },
    "try-flip"(button) {
      const { kind, target, after } = button.dataset;
      if (kind === "answer") {
        const input = form.querySelector(`[data-question="${target}"] input[value="${after}"]`);
        if (input) input.checked = true;
      } else {
        const input = form.querySelector(`input[data-criterion="${target}"]`);
        if (input) {
          input.value = after;
          showWeight(input);
        }
      }
      changed(chooser);
      view.focusVerdict();
    },
    "copy-link"(button) {
      const link = chooser.evaluation?.url ?? location.href;
      copy(chooser, button, link, "Link copied. Anyone who opens it sees this result.");
    },
    "copy-markdown"(button) {
      const record = chooser.evaluation?.markdown ?? "";
      copy(chooser, button, record, "Decision record copied as Markdown, with a link back to this result.");
    },
    "copy-wiki-link"(button) {
      const line = chooser.evaluation?.wiki?.markdown || markdownLinkFallback(chooser);
      copy(chooser, button, line, "One-line Markdown link copied; its text states the verdict.");
    },
    "copy-wiki-html"(button) {
      const snippet = chooser.evaluation?.wiki?.html || "";
      copy(chooser, button, snippet, "HTML snippet copied, for wikis that take no Markdown.");
    },
    "download-json"() {
      const data = JSON.stringify(chooser.evaluation?.recommendation ?? null, null, 2);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([data + "\n"], { type: "application/json" }));
      link.download = DOWNLOAD_NAME;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      view.setShareStatus(`Downloading ${DOWNLOAD_NAME}.`);
    },
  };
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (button && root.contains(button) && actions[button.dataset.action]) {
      event.preventDefault();
      actions[button.dataset.action](button);
    }
  });
}

/** Without the site's address (no site_url), the link is this page's own. */
function markdownLinkFallback(chooser) {
  const label = chooser.evaluation?.recommendation?.label ?? "Chooser result";
  return `[${label.replace(/([\\`*_[\]<])/g, "\\$1")}](${location.href})`;
}

/** Copy text to the clipboard; say whether it worked, on the button and aloud. */
async function copy(chooser, button, text, done) {
  if (!text) {
    chooser.view.setShareStatus("Nothing to copy yet: wait for the result.");
    return;
  }
  const copied = await copyText(text);
  chooser.view.setShareStatus(
    copied ? done : "The browser did not allow copying; copy it from the address bar instead.",
  );
  if (copied) showCopied(button);
}

/** The button itself says "Copied" for a moment (the status line says what). */
function showCopied(button) {
  const label = button.querySelector("[data-label]") ?? button;
  button.dataset.label ??= label.textContent;
  label.textContent = "Copied ✓";
  button.dataset.copied = "true";
  clearTimeout(button.copiedTimer);
  button.copiedTimer = setTimeout(() => {
    label.textContent = button.dataset.label;
    delete button.dataset.copied;
  }, COPIED_MS);
}
