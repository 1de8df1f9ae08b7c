// Start Pyodide in Node twice, with npm's glue and with the glue as the site
// serves it, and compare what the two runtimes linked: every entry of the
// symbol table (GOT) and every slot of the function table. Then restore, with
// the served glue, a memory snapshot that npm's glue made, as a reader's
// browser does when a new deploy brings a new glue and finds an older
// snapshot saved.
//
//   node symbol_table_compare.mjs STOCK_RUNTIME_DIR SERVED_RUNTIME_DIR
//
// Prints one JSON object; logs go to stderr.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

async function start(dir, options = {}) {
  const { loadPyodide } = await import(pathToFileURL(join(dir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: dir,
    stdout: console.error,
    stderr: console.error,
    ...options,
  });
  // Counted before anything reads the table: entries made during the start.
  const made = Object.keys(pyodide._module.GOT).length;
  return { pyodide, module: pyodide._module, made };
}

const [stockDir, servedDir] = process.argv.slice(2);
const stock = await start(stockDir, { _makeSnapshot: true });
const served = await start(servedDir);

const names = Object.keys(stock.module.GOT);
const differing = names.filter((name) => served.module.GOT[name]?.value !== stock.module.GOT[name].value);
// A slot as a name: the function's index in its module and its arity.
const slot = (table, i) => {
  if (i >= table.length) return "(beyond the table)";
  const fn = table.get(i);
  return fn === null ? null : `${fn.name}/${fn.length}`;
};
const slots = stock.module.wasmTable.length;
let differingSlots = 0;
for (let i = 0; i < Math.max(slots, served.module.wasmTable.length); i++) {
  if (slot(stock.module.wasmTable, i) !== slot(served.module.wasmTable, i)) differingSlots++;
}
// Python state made under npm's glue, restored under the served one.
stock.pyodide.runPython("import json\nkept = {'answer': 42}");
const snapshot = stock.pyodide.makeMemorySnapshot();
const restored = await start(servedDir, { _loadSnapshot: snapshot });

console.log(
  JSON.stringify({
    entries: names.length,
    differing: differing.slice(0, 10),
    madeAtStart: { stock: stock.made, served: served.made },
    slots: { stock: slots, served: served.module.wasmTable.length, differing: differingSlots },
    python: served.pyodide.runPython("sum(range(10))"),
    restored: restored.pyodide.runPython("json.dumps(kept)"),
  }),
);
