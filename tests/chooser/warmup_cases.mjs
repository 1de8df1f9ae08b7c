// Runs the chooser's practice scoring (overrides/.../chooser/warmup.js) in
// Node with stand-ins for the scorer and the clock; prints what happened as
// JSON for test_chooser_warmup.py.
//
// usage: node warmup_cases.mjs <warmup.js> < knowledge.json
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const warmup = await import(pathToFileURL(process.argv[2]).href);
const knowledge = JSON.parse(readFileSync(0, "utf8"));

/** A clock that moves `step` ms each time it is read. */
function steppingClock(step) {
  let t = 0;
  return () => (t += step);
}

async function run(name, evaluate, queries, options) {
  const log = [];
  const console_ = globalThis.console;
  globalThis.console = { debug: (text) => log.push(text), warn: (text) => log.push(text) };
  try {
    const outcome = await warmup.practise(evaluate, queries, options);
    return { name, ...outcome, log };
  } finally {
    globalThis.console = console_;
  }
}

const link = "https://example.org/node-or-flask/chooser/?v=1&a=team.python";
const queries = warmup.practiceQueries(knowledge, link);
const bare = warmup.practiceQueries(knowledge, "v=1&a=team.python", 3);
const cases = [];

// Every query is scored, in order.
const seen = [];
cases.push({ ...(await run("all", (q) => seen.push(q), queries, { delayMs: 0 })), seen });

// The budget stops it: each run measures 5 ms on this clock (two reads, 5 ms
// apart), so a 12 ms budget allows three (the third starts at 10 ms).
cases.push(await run("budget", () => {}, queries, { delayMs: 0, budgetMs: 12, now: steppingClock(5) }));

// A failing evaluation ends it quietly, with a warning.
let calls = 0;
const failing = () => {
  calls += 1;
  if (calls === 3) throw new Error("the scorer is gone");
};
cases.push(await run("failure", failing, queries, { delayMs: 0 }));

// Other tasks run between two practice queries.
const order = [];
const interleaved = () => {
  order.push("practice");
  if (order.length === 1) setTimeout(() => order.push("page request"), 0);
};
cases.push({ ...(await run("interleaved", interleaved, queries.slice(0, 3), { delayMs: 0 })), order });

// Nothing runs before the delay.
const started = [];
const t0 = performance.now();
cases.push({
  ...(await run("delay", () => started.push(performance.now() - t0), queries.slice(0, 1), { delayMs: 50 })),
  started,
});

process.stdout.write(JSON.stringify({ queries, bare, defaults: { runs: warmup.PRACTICE_RUNS }, cases }));
