/**
 * Practice scoring, so that a reader's first answer changes are as quick as
 * the later ones (worker side).
 *
 * Chromium compiles WebAssembly in two tiers: a function first runs as
 * quickly made baseline code, and is compiled again, optimised, in the
 * background once it has run for a while. Python's interpreter is
 * WebAssembly, so the first answers a reader changed ran on baseline code
 * while those compiles took the machine's other core: on a 2-core machine
 * (Chromium 156) the first three changes after a visit took 15-35 ms each,
 * the later ones about 10.
 *
 * So after the first verdict the worker scores a set of practice queries
 * while the reader reads it, and drops their results. Each runs in a task
 * of its own, so a reader's change waits behind one at most; and they stop
 * once they have used a time budget, so a slow device spends no more time
 * than that on them.
 *
 * @module
 */

/** How many practice queries at most. */
export const PRACTICE_RUNS = 60;
/** The most time (ms) the practice may take, counting only its own runs. */
export const BUDGET_MS = 1000;
/** Wait (ms) after the first verdict before practising: the page draws it meanwhile. */
export const DELAY_MS = 250;

/**
 * Queries that walk the form: the nth answers the first 1 + n % (number of
 * questions) questions, each question taking its next option once all have
 * been answered, and moves one importance slider off its default; so every
 * answer and every slider is scored (with 60 queries and the chooser's 9
 * questions of at most 4 options; test_chooser_warmup.py checks it).
 * @param {{questions: {id: string, options: {id: string}[]}[],
 *          criteria: {id: string}[], weights: {grid: number[], default: number}}} knowledge `scorer.api.questions()`
 * @param {string} link the page's first request: its part up to "?" (a whole
 *   chooser link, or nothing) is kept, so the practice builds links as the page's requests do
 * @param {number} count
 * @returns {string[]}
 */
export function practiceQueries(knowledge, link, count = PRACTICE_RUNS) {
  const { questions, criteria, weights } = knowledge;
  const base = link.includes("?") ? link.slice(0, link.indexOf("?") + 1) : "";
  const moves = weights.grid.filter((weight) => weight !== weights.default);
  const queries = [];
  for (let n = 0; n < count; n += 1) {
    const answered = questions.slice(0, 1 + (n % questions.length));
    const round = Math.floor(n / questions.length); // each round gives each question its next option
    const answers = answered.map((question, i) => `${question.id}.${question.options[(round + i) % question.options.length].id}`);
    const criterion = criteria[n % criteria.length].id;
    const weight = moves[n % moves.length];
    queries.push(`${base}v=1&a=${answers.join(",")}&w=${criterion}.${weight}`);
  }
  return queries;
}

/**
 * Score `queries` with `evaluate`, one per task, after `delayMs`, until they
 * are done or have taken `budgetMs` (as `now` measures it). Never throws: a
 * failure ends the practice.
 * @param {(query: string) => unknown} evaluate
 * @param {string[]} queries
 * @returns {Promise<{runs: number, ms: number}>} how many ran, and their time
 */
export async function practise(
  evaluate,
  queries,
  { delayMs = DELAY_MS, budgetMs = BUDGET_MS, now = () => performance.now() } = {},
) {
  let runs = 0;
  let ms = 0;
  await nextTask(delayMs);
  for (const query of queries) {
    if (ms >= budgetMs) break;
    const began = now();
    try {
      evaluate(query);
    } catch (error) {
      console.warn(`chooser: practice scoring stopped (${error?.message ?? error})`);
      break;
    }
    ms += now() - began;
    runs += 1;
    await nextTask(); // a request from the page can run between two practice queries
  }
  console.debug(`chooser: practised ${runs} queries in ${Math.round(ms)} ms`);
  return { runs, ms };
}

const nextTask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
