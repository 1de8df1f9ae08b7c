// Start Pyodide in Node twice, with npm's glue and with the glue as the site
// serves it, and compare what the two runtimes linked: every entry of the
// symbol table (GOT) and every slot of the function table.
//
//   node symbol_table_compare.mjs STOCK_RUNTIME_DIR SERVED_RUNTIME_DIR
//
// Prints one JSON object; logs go to stderr.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

async function start(dir) {
  const { loadPyodide } = await import(pathToFileURL(join(dir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: dir, stdout: console.error, stderr: console.error });
  // Counted before anything reads the table: entries made during the start.
  const made = Object.keys(pyodide._module.GOT).length;
  return { pyodide, module: pyodide._module, made };
}

const [stockDir, servedDir] = process.argv.slice(2);
const stock = await start(stockDir);
const served = await start(servedDir);

const names = Object.keys(stock.module.GOT);
const differing = names.filter((name) => served.module.GOT[name]?.value !== stock.module.GOT[name].value);
const slot = (fn) => (fn === null ? null : `${fn.name}/${fn.length}`);
const slots = stock.module.wasmTable.length;
let differingSlots = 0;
for (let i = 0; i < Math.max(slots, served.module.wasmTable.length); i++) {
  if (slot(stock.module.wasmTable.get(i)) !== slot(served.module.wasmTable.get(i))) differingSlots++;
}
console.log(
  JSON.stringify({
    entries: names.length,
    differing: differing.slice(0, 10),
    madeAtStart: { stock: stock.made, served: served.made },
    slots: { stock: slots, served: served.module.wasmTable.length, differing: differingSlots },
    python: served.pyodide.runPython("sum(range(10))"),
  }),
);
