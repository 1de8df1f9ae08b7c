/**
 * Drawing the chooser's result area: start-up progress, errors, and the
 * scorer's result (verdict, charts, reasons, what would change it).
 *
 * The result element carries the DOM contract: `data-state` is `loading`,
 * `ready` or `error`, and `data-verdict` the verdict once ready. Charts are
 * plain HTML and CSS (chooser.css), sized with custom properties.
 *
 * @module
 */

const STAGES = ["download", "start", "scorer"];
const VERDICT_WORDS = {
  "close-call": "a close call",
  "consider-others": "“consider the alternatives”",
};
const SHOWN_REASONS = 5;
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
    if (state !== "ready") delete result.dataset.verdict;
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
   * Draw a result of `scorer.api.evaluate`.
   * @param {object} evaluation `{recommendation, markdown, share, problems, answers, weights}`
   * @param {object} knowledge `scorer.api.questions()`: names and labels
   */
  function render(evaluation, knowledge) {
    const rec = evaluation.recommendation;
    const names = Object.fromEntries(knowledge.options.map((o) => [o.id, o.name]));
    setState("ready");
    result.dataset.verdict = rec.verdict;
    announce(rec.label);
    slot("peek-verdict").textContent = rec.label;
    slot("summary").textContent = summary(rec, names, knowledge);
    slot("notes").replaceChildren(...rec.notes.map((note) => h("li", {}, note)));
    slot("fit").replaceChildren(...fitBars(rec, knowledge.options));
    slot("contributions").replaceChildren(...contributionBars(rec));
    slot("reasons").replaceChildren(...reasonItems(rec));
    slot("flip").replaceChildren(...flipItems(rec, names, knowledge));
    markUnusedWeights(rec, evaluation.weights, knowledge.weights.default);
  }

  function summary(rec, names, knowledge) {
    const [lead, other] = [rec.leader, rec.runner_up];
    let text =
      `Fit for your answers: ${names[lead]} ${percent(rec.fit[lead])}, ` +
      `${names[other]} ${percent(rec.fit[other])}; ${names[lead]} leads by ` +
      `${points(rec.margin)} points (under ${points(rec.thresholds.close_call_margin)} is a close call).`;
    if (rec.alternative) {
      const criteria = rec.alternative_criteria.map(
        (id) => knowledge.criteria.find((c) => c.id === id)?.name ?? id,
      );
      text += ` ${names[rec.alternative]} fits better still at ${percent(rec.fit[rec.alternative])}`;
      text += criteria.length ? `, ahead of both on ${criteria.join(", ")}.` : ".";
    }
    return text;
  }

  function fitBars(rec, options) {
    return options.map((option) =>
      h("li", {
          class: "chooser-fit__item",
          "data-option": option.id,
          "data-kind": option.kind,
          "data-chosen": option.id === rec.verdict || option.id === rec.alternative,
        },
        h("span", { class: "chooser-fit__name" }, option.name),
        h("span", { class: "chooser-bar", style: { "--value": `${rec.fit[option.id]}%` } }),
        h("span", { class: "chooser-fit__value" }, percent(rec.fit[option.id])),
      ),
    );
  }

  function contributionBars(rec) {
    const rows = rec.contributions.filter((c) => c.weight > 0);
    const widest = Math.max(...rows.map((c) => c.gap), 1e-9);
    return rows.map((c) => {
      const width = `${(c.gap / widest) * 100}%`;
      const side = c.favours === "nodejs" ? "left" : c.favours === "flask" ? "right" : "none";
      const verdict =
        side === "none" ? "even" : `+${points(c.gap)} for ${side === "left" ? "Node.js" : "Flask"}`;
      return h("li", { class: "chooser-contribution", "data-criterion": c.criterion, "data-side": side },
        h("a", { class: "chooser-contribution__name", href: sectionURL(c.section) }, c.name),
        h("span", { class: "chooser-contribution__value" }, verdict),
        h("span", { class: "chooser-contribution__bars", "aria-hidden": "true" },
          h("span", { class: "chooser-bar chooser-bar--left", style: { "--value": side === "left" ? width : "0%" } }),
          h("span", { class: "chooser-bar chooser-bar--right", style: { "--value": side === "right" ? width : "0%" } }),
        ),
        h("span", { class: "chooser-contribution__detail" },
          `weight ${points(c.weight)} × rating: Node.js ${c.ratings.nodejs}, Flask ${c.ratings.flask}`),
      );
    });
  }

  function reasonItems(rec) {
    return rec.reasons.slice(0, SHOWN_REASONS).map((reason) => {
      const name = reason.text.split(":")[0];
      return h("li", { "data-criterion": reason.criterion }, `${reason.text} `,
        h("a", { href: sectionURL(reason.section), "aria-label": `Evidence: ${name}` }, "Evidence"),
      );
    });
  }

  function flipItems(rec, names, knowledge) {
    const flips = rec.sensitivity.slice(0, SHOWN_FLIPS);
    if (flips.length === 0) {
      return [h("p", {}, "No single change of one answer or one importance setting would change this verdict.")];
    }
    const described = flips.map((flip, index) => {
      const outcome = names[flip.verdict] ?? VERDICT_WORDS[flip.verdict] ?? flip.verdict;
      const id = `chooser-flip-${index}`;
      return h("li", { "data-kind": flip.kind, "data-target": flip.target },
        h("span", { id }, `${describeChange(flip, knowledge)} would make it ${outcome}.`),
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
    return [h("p", {}, "The smallest single changes that would change the verdict:"), h("ol", {}, described)];
  }

  function describeChange(flip, knowledge) {
    if (flip.kind === "weight") {
      const criterion = knowledge.criteria.find((c) => c.id === flip.target)?.name ?? flip.target;
      return `Setting the importance of ${criterion} from ${factor(flip.before)} to ${factor(flip.after)}`;
    }
    const question = knowledge.questions.find((q) => q.id === flip.target);
    const label = (id) => `“${question?.options.find((o) => o.id === id)?.label ?? id}”`;
    const prompt = `“${question?.prompt ?? flip.target}”`;
    return flip.before
      ? `Changing ${prompt} from ${label(flip.before)} to ${label(flip.after)}`
      : `Answering ${prompt} with ${label(flip.after)}`;
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
