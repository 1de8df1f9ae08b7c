// Baseline for tests/bench/chooser_load.py: stock Pyodide, the ordinary way.
// loadPyodide() with the npm package's files and standard library, the
// scorer wheel from a lock file, then the scorer's first verdict.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const status = document.getElementById("verdict");
try {
  const pyodide = await loadPyodide({
    indexURL: new URL("./pyodide/", import.meta.url).href,
    packages: [document.body.dataset.package],
  });
  const evaluate = pyodide.runPython(`
import json
from scorer import api

def _evaluate(query):
    return json.dumps(api.evaluate(query))

_evaluate
`);
  const result = JSON.parse(evaluate("v=1"));
  window.__verdictAt = performance.now();
  status.dataset.verdict = result.recommendation.verdict;
  status.dataset.state = "ready";
  status.textContent = `Verdict: ${result.recommendation.verdict}`;
} catch (error) {
  status.dataset.state = "error";
  status.textContent = String(error);
}
