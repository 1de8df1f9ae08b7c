// ESLint's recommended rules for the project's JavaScript (make lint).
// ES modules, but for the chooser's part of the service worker, which sw.js
// loads with importScripts: the pages load theirs with type="module", the
// workers are module workers, and the tools and test scripts run in Node.js.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["overrides/**/*.js"],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ["overrides/offline/sw-chooser.js"],
    languageOptions: { sourceType: "script", globals: globals.serviceworker },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["tests/bench/stock/stock.mjs"], // the stock Pyodide page's module
    languageOptions: { globals: globals.browser },
  },
];
