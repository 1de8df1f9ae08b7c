/**
 * Bundle the chooser for the offline copy (file://) into one classic script.
 *
 *   node overrides/offline/bundle_chooser.mjs <output file>
 *
 * From file:// Chromium runs no module scripts, so the published site's
 * chooser modules (loader.js -> chooser.js -> engine.js, view.js,
 * messages.js) are bundled with rollup (npm, pinned) into an IIFE, with
 * engine.js replaced by file_engine.js, which runs Python on the page from
 * the runtime embedded in the copy. Everything else is the same code.
 */

import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";

const HERE = dirname(fileURLToPath(import.meta.url));
const CHOOSER = resolve(HERE, "../assets/javascripts/chooser");
const ENGINE = join(CHOOSER, "engine.js");
const FILE_ENGINE = join(HERE, "file_engine.js");

const output = process.argv[2];
if (!output) {
  console.error("usage: node bundle_chooser.mjs <output file>");
  process.exit(2);
}

/** Resolve the chooser's engine.js to the file:// engine. */
const fileEngine = {
  name: "file-engine",
  resolveId(source, importer) {
    if (!importer) return null;
    return resolve(dirname(importer), source) === ENGINE ? FILE_ENGINE : null;
  },
};

const bundle = await rollup({
  input: join(HERE, "file_chooser.js"),
  plugins: [fileEngine],
  onwarn(warning) {
    throw new Error(`rollup: ${warning.message}`);
  },
});
await bundle.write({
  file: output,
  format: "iife",
  inlineDynamicImports: true,
  banner: "/* The chooser for the offline copy (file://): built by overrides/offline/bundle_chooser.mjs. */",
});
await bundle.close();
