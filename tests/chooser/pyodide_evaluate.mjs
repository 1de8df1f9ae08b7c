// Run the scorer under the real Pyodide runtime in Node, exactly as the site
// ships it: the runtime files, and the lock file + wheel + precompiled
// standard library from a built site.
//
//   node pyodide_evaluate.mjs RUNTIME_DIR LOCK_FILE STDLIB_ZIP PACKAGE < queries.json
//
// Reads a JSON array of share query strings on stdin and prints a JSON array
// of `scorer.api.evaluate(query)` results on stdout, each as the JSON text
// Python's json.dumps made (the worker's bridge), so a test can compare them
// with CPython's byte for byte. Logs go to stderr.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, lockFile, stdlib, packageName] = process.argv.slice(2);
if (!packageName) {
  console.error("usage: node pyodide_evaluate.mjs RUNTIME_DIR LOCK_FILE STDLIB_ZIP PACKAGE < queries.json");
  process.exit(2);
}
const queries = JSON.parse(readFileSync(0, "utf8"));

const began = performance.now();
const { loadPyodide } = await import(pathToFileURL(join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: lockFile,
  stdLibURL: stdlib,
  packages: [packageName],
  stdout: (line) => console.error(`[python] ${line}`),
  stderr: (line) => console.error(`[python] ${line}`),
});
const bridge = pyodide.runPython(`
import json
from scorer import api

def _bridge(name, *args):
    return json.dumps(getattr(api, name)(*args))

_bridge
`);
const started = performance.now();
const results = queries.map((query) => bridge("evaluate", query));
const finished = performance.now();
// The standard library's modules that neither the evaluations nor the
// questions imported: the build trims the archive to what the chooser
// imports, so this should be empty. (zipfile is already imported by
// Pyodide's package loader; reading the archive with it adds nothing.)
bridge("questions");
const unusedStdlib = pyodide
  .runPython(`
import sys, zipfile
_archive = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"
_modules = (name.removesuffix(".pyc").removesuffix("/__init__").replace("/", ".")
            for name in zipfile.ZipFile(_archive).namelist() if name.endswith(".pyc"))
sorted(name for name in _modules if name not in sys.modules)
`)
  .toJs();
console.error(
  `pyodide ${pyodide.version}: started in ${((started - began) / 1000).toFixed(1)} s, ` +
    `${queries.length} evaluations in ${((finished - started) / 1000).toFixed(1)} s`,
);
// How the scorer's modules were imported (from the wheel's bytecode, or compiled from source).
const loaders = pyodide
  .runPython(
    "import sys; sorted({type(m.__spec__.loader).__name__ for n, m in list(sys.modules.items())" +
      " if n.split('.')[0] == 'scorer'})",
  )
  .toJs();
// Where tracebacks point, from the shipped bytecode: the last frame of an error
// raised in the scorer's wheel and of one raised in the trimmed stdlib.
const tracebacks = pyodide
  .runPython(`
import json, traceback
from scorer import share

def _last_frame(call):
    try:
        call()
    except Exception as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        text = "".join(traceback.format_exception(error))
        return [frame.filename, frame.lineno, frame.name, frame.colno, text]

[_last_frame(lambda: share._short(None)), _last_frame(lambda: json.loads("{"))]
`)
  .toJs();
process.stdout.write(
  JSON.stringify({ pyodide: pyodide.version, results, loaders, tracebacks, unusedStdlib }),
);
