// Lists the functions of Pyodide's WebAssembly that a first visit to the
// chooser runs, as V8 in Node.js sees them: run with
//
//   node --allow-natives-syntax --trace-wasm-generate-compilation-hints \
//     wasm_functions_node.mjs RUNTIME_DIR LOCK_FILE STDLIB_ZIP PACKAGE CHOOSER_JS_DIR \
//     start|restore SNAPSHOT_FILE < links.json
//
// `start` starts Python as the chooser's worker does (the scorer installed,
// a snapshot-ready start), imports the scorer through the worker's bridge,
// and writes a memory snapshot to SNAPSHOT_FILE, as snapshot.js makes it.
// `restore` starts from that snapshot instead, as a later visit does, and
// takes the scorer's bridge from it: a reader who closed the first visit
// before the whole module was kept restores it on the first part. Either
// then asks for the questions, scores the empty answer, the worker's
// practice queries and the share links read from stdin (a JSON array:
// damaged and hostile ones, whose errors run code a good link does not).
// Then V8 prints, for each function
// of the module, whether it was compiled ("N: compiled", "N: optimized") or
// not ("N: uncompiled"): with lazy compilation, a compiled function is one
// that ran. first_verdict_functions.py reads those lines from stdout; this
// script writes nothing else there.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, lockFile, stdlib, packageName, chooserDir, mode, snapshotFile] =
  process.argv.slice(2);
if (!snapshotFile || !["start", "restore"].includes(mode)) {
  console.error(
    "usage: node --allow-natives-syntax --trace-wasm-generate-compilation-hints " +
      "wasm_functions_node.mjs RUNTIME_DIR LOCK_FILE STDLIB_ZIP PACKAGE CHOOSER_JS_DIR " +
      "start|restore SNAPSHOT_FILE",
  );
  process.exit(2);
}
const links = JSON.parse(readFileSync(0, "utf8"));
const chooser = (name) => import(pathToFileURL(join(chooserDir, name)).href);
const { BRIDGE, BRIDGE_CODE } = await chooser("messages.js");
const { practiceQueries } = await chooser("warmup.js");

// Pyodide's module is the instance with the most exports (Pyodide also
// instantiates small modules of its own, to test the engine's features).
const instances = [];
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const made = await instantiate(...args);
  instances.push(made.instance ?? made);
  return made;
};
const exportCount = (instance) => Object.keys(instance.exports).length;

const { loadPyodide } = await import(pathToFileURL(join(runtimeDir, "pyodide.mjs")).href);
const options = {
  indexURL: runtimeDir,
  lockFileURL: lockFile,
  stdLibURL: stdlib,
  stdout: (line) => console.error(`[python] ${line}`),
  stderr: (line) => console.error(`[python] ${line}`),
};
let pyodide, bridge;
if (mode === "start") {
  pyodide = await loadPyodide({ ...options, packages: [packageName], _makeSnapshot: true });
  bridge = pyodide.runPython(BRIDGE_CODE);
} else {
  pyodide = await loadPyodide({ ...options, _loadSnapshot: readFileSync(snapshotFile) });
  bridge = pyodide.globals.get(BRIDGE);
  if (typeof bridge !== "function") throw new Error(`${snapshotFile} holds no scorer bridge`);
}
const knowledge = JSON.parse(bridge("questions"));
bridge("evaluate", "");
for (const query of practiceQueries(knowledge, "https://example.org/chooser/")) bridge("evaluate", query);
for (const link of links) bridge("evaluate", link);
if (mode === "start") {
  // As snapshot.js saves it: Pyodide refuses a snapshot while its list of
  // loaded packages holds anything.
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  writeFileSync(snapshotFile, pyodide.makeMemorySnapshot());
}
const instance = instances.sort((a, b) => exportCount(b) - exportCount(a))[0];
if (!instance) throw new Error("Pyodide's WebAssembly was not instantiated through WebAssembly.instantiate");
// %GenerateWasmCompilationHints, written so that a linter can parse this file.
new Function("instance", "%GenerateWasmCompilationHints(instance)")(instance);
