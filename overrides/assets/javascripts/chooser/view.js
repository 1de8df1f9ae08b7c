/**
 * Drawing the chooser's result area: start-up progress, errors, and the
 * scorer's result (verdict, charts, reasons, what would change it).
 *
 * The result element carries the DOM contract: `data-state` is `loading`,
 * `ready` or `error`, and `data-verdict` the verdict once ready (with
 * `data-robustness`, firm or fragile). Charts are plain HTML and CSS
 * (chooser.css), sized with custom properties. The sentences come from the
 * scorer; this module only places them.
 *
 * @module
 */

const STAGES = ["download", "start", "scorer"];
const SHOWN_REASONS = 4;
const SHOWN_COUNTERPOINTS = 3;
const SHOWN_FLIPS = 3;

/** Create an element: h("a", { href: "#", class: "x" }, "text", child). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "style") for (const [key, v] of Object.entries(value)) element.style.setProperty(key, v);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

const percent = (value) => `${Math.round(value)}%`;
const sentence = (text) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};
const points = (value) => (Math.round(value * 10) / 10).toString();
const factor = (value) => `×${Number(value)}`;

/**
 * The view of one mounted chooser element.
 * @param {HTMLElement} root the `[data-chooser]` element
 */
export function createView(root) {
  const result = root.querySelector("#chooser-result");
  const slot = (name) => root.querySelector(`[data-slot="${name}"]`);
  const downloadBytes = Number(root.dataset.downloadBytes) || 0;
  const siteRoot = new URL(root.dataset.root || "./", document.baseURI);

  function setState(state) {
    result.dataset.state = state;
    result.setAttribute("aria-busy", String(state === "loading"));
    slot("progress").hidden = state !== "loading";
    slot("error").hidden = state !== "error";
    slot("output").hidden = state !== "ready";
    slot("peek").hidden = state !== "ready";
    if (state !== "ready") {
      delete result.dataset.verdict;
      delete result.dataset.robustness;
    }
  }

  /** Say something in the live region, only when it changed (no repeats). */
  function announce(text) {
    const verdict = slot("verdict");
    if (verdict.textContent !== text) verdict.textContent = text;
  }

  function showProgress({ stage, loaded = 0, total = 0 }) {
    const index = STAGES.indexOf(stage);
    for (const item of slot("progress").querySelectorAll("[data-stage]")) {
      const position = STAGES.indexOf(item.dataset.stage);
      item.dataset.status = position < index ? "done" : position === index ? "active" : "waiting";
      if (position === index) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    }
    const bar = slot("progress").querySelector("progress");
    const size = Math.max(total, downloadBytes);
    if (stage === "download" && size > 0) {
      bar.max = size;
      bar.value = Math.min(loaded, size);
      bar.setAttribute("aria-valuetext", `${(loaded / 1e6).toFixed(1)} of ${(size / 1e6).toFixed(1)} MB`);
    } else if (stage === "download") {
      bar.removeAttribute("value"); // indeterminate
    } else {
      bar.max = 1;
      bar.value = 1;
      bar.removeAttribute("aria-valuetext");
    }
  }

  /** Show a failure; `started` says whether the engine had been running. */
  function showError(error, { started = false } = {}) {
    setState("error");
    slot("error-title").textContent = started ? "The chooser stopped." : "The chooser could not start.";
    slot("error-detail").textContent = sentence(error?.message ?? String(error));
    announce(`No recommendation: ${started ? "the chooser's engine stopped" : "the chooser's engine could not start"}.`);
  }

  /** Problems the scorer found in a shared link (parts it dropped). */
  function showProblems(problems) {
    const notice = slot("problems");
    notice.replaceChildren();
    notice.hidden = problems.length === 0;
    if (notice.hidden) return;
    notice.append(
      h("p", {}, h("strong", {}, "This link was partly out of date or damaged. "),
        "The chooser restored what it could and dropped the rest:"),
      h("ul", {}, problems.map((problem) => h("li", {}, sentence(problem)))),
    );
  }

  /**
   * Draw a result of `scorer.api.evaluate`. Every sentence comes from the
   * scorer (scorer/wording.py), so the page, the CLI and the record agree.
   * @param {object} evaluation `{recommendation, markdown, share, problems, answers, weights}`
   * @param {object} knowledge `scorer.api.questions()`: names and labels
   */
  function render(evaluation, knowledge) {
    const rec = evaluation.recommendation;
    const names = Object.fromEntries(knowledge.options.map((o) => [o.id, o.name]));
    setState("ready");
    result.dataset.verdict = rec.verdict;
    result.dataset.robustness = rec.robustness.level;
    announce(rec.label);
    slot("peek-verdict").textContent = rec.label;
    slot("summary").textContent = rec.summary;
    slot("robustness").replaceChildren(...robustness(rec.robustness));
    slot("robustness").dataset.level = rec.robustness.level;
    const tie = rec.choice === null;
    showPoints("reasons", rec.reasons.slice(0, SHOWN_REASONS), rec.headings.reasons);
    showPoints("counterpoints", rec.counterpoints.slice(0, SHOWN_COUNTERPOINTS), rec.headings.counterpoints);
    slot("notes").replaceChildren(...rec.notes.map((note) => h("li", {}, note)));
    slot("fit").replaceChildren(...fitBars(rec, knowledge.options));
    const [left, right] = rec.compared;
    slot("contributions-legend").textContent =
      `Bars to the left favour ${names[left]}, bars to the right favour ${names[right]}; ` +
      "their length is the points one gains over the other (weight × rating difference).";
    slot("contributions").replaceChildren(...contributionBars(rec, names));
    slot("contributions").dataset.tie = String(tie);
    slot("flip").replaceChildren(...flipItems(rec));
    markUnusedWeights(rec, evaluation.weights, knowledge.weights.default);
  }

  /** "Firm: ..." with the first word emphasised. */
  function robustness(robust) {
    const [word, ...rest] = robust.sentence.split(":");
    return [h("strong", {}, `${word}:`), rest.join(":")];
  }

  /** Fill a list of points; hide it and its heading when empty (or the title is null). */
  function showPoints(name, points, title) {
    const list = slot(name);
    const heading = slot(`${name}-title`);
    const empty = points.length === 0 || title === null;
    list.hidden = empty;
    heading.closest("h3").hidden = empty;
    if (title !== null) heading.textContent = title;
    list.replaceChildren(
      ...(empty ? [] : points).map((point) => {
        return h("li", { "data-criterion": point.criterion, "data-favours": point.favours },
          h("strong", {}, `${point.claim}.`), ` ${point.rationale} `,
          h("a", { href: sectionURL(point.section), "aria-label": `Evidence: ${point.name}` }, "Evidence"),
        );
      }),
    );
  }

  function fitBars(rec, options) {
    return options.map((option) => {
      const chosen = option.id === rec.choice;
      return h("li", {
          class: "chooser-fit__item",
          "data-option": option.id,
          "data-kind": option.kind,
          "data-chosen": String(chosen),
        },
        h("span", { class: "chooser-fit__name" }, option.name,
          chosen ? h("span", { class: "chooser-fit__badge" }, ` (${rec.choice_mark})`) : null),
        h("span", { class: "chooser-bar", style: { "--value": `${rec.fit[option.id]}%` } }),
        h("span", { class: "chooser-fit__value" }, percent(rec.fit[option.id])),
      );
    });
  }

  function contributionBars(rec, names) {
    const [left, right] = rec.compared;
    const rows = rec.contributions.filter((c) => c.weight > 0);
    const widest = Math.max(...rows.map((c) => c.gap), 1e-9);
    return rows.map((c) => {
      const width = `${(c.gap / widest) * 100}%`;
      const side = c.favours === left ? "left" : c.favours === right ? "right" : "none";
      const verdict = side === "none" ? "even" : `+${points(c.gap)} for ${names[c.favours]}`;
      const capped = c.capped && c.group_name ? ` (shares the cap of ${c.group_name})` : "";
      return h("li", { class: "chooser-contribution", "data-criterion": c.criterion, "data-side": side },
        h("a", { class: "chooser-contribution__name", href: sectionURL(c.section) }, c.name),
        h("span", { class: "chooser-contribution__value" }, verdict),
        h("span", { class: "chooser-contribution__bars", "aria-hidden": "true" },
          h("span", { class: "chooser-bar chooser-bar--left", style: { "--value": side === "left" ? width : "0%" } }),
          h("span", { class: "chooser-bar chooser-bar--right", style: { "--value": side === "right" ? width : "0%" } }),
        ),
        h("span", { class: "chooser-contribution__detail" },
          `weight ${points(c.weight)}${capped} × rating: ${names[left]} ${c.ratings[left]}, ` +
          `${names[right]} ${c.ratings[right]}`),
      );
    });
  }

  function flipItems(rec) {
    const flips = rec.sensitivity.slice(0, SHOWN_FLIPS);
    if (flips.length === 0) {
      return [h("p", {}, "No single change of one answer or one importance setting would change this verdict.")];
    }
    const described = flips.map((flip, index) => {
      const id = `chooser-flip-${index}`;
      return h("li", { "data-kind": flip.kind, "data-target": flip.target },
        h("span", { id }, flip.text),
        " ",
        h("button", {
            type: "button",
            class: "chooser-flip__try",
            "aria-describedby": id,
            "data-action": "try-flip",
            "data-kind": flip.kind,
            "data-target": flip.target,
            "data-after": flip.after,
          }, "Try it"),
      );
    });
    return [h("p", {}, rec.headings.flips), h("ol", {}, described)];
  }

  /** Dim sliders whose criterion no answer brings in yet (they change nothing). */
  function markUnusedWeights(rec, importance, fallback) {
    for (const input of root.querySelectorAll("input[data-criterion]")) {
      const id = input.dataset.criterion;
      const chosen = importance[id] ?? fallback;
      const unused = !(id in rec.weights) && chosen > 0;
      input.closest(".chooser-weight").dataset.unused = String(unused);
      const output = input.parentElement.querySelector("output");
      output.textContent = factor(input.value) + (unused ? " (no effect yet)" : "");
    }
  }

  function sectionURL(section) {
    return new URL(section, siteRoot).href;
  }

  function setShareStatus(text) {
    slot("share-status").textContent = text;
  }

  function focusVerdict() {
    const verdict = slot("verdict");
    verdict.tabIndex = -1;
    verdict.focus();
  }

  return { setState, showProgress, showError, showProblems, render, setShareStatus, focusVerdict };
}
