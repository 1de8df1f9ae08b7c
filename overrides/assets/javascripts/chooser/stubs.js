/**
 * Watching for the stubs of the WebAssembly's first part (hooks/wasm_split.py).
 *
 * A stub calls the module's imported `env.getprotobyname` with STUB_MARK
 * plus its own index before it traps. watchStubs wraps that import for the
 * modules this worker instantiates from then on: a marked call reports the
 * index and stops Python there, with an error Pyodide passes on as fatal
 * (it would turn a plain trap under some of its calls into a Python
 * exception). Any other call goes to Emscripten's own function.
 *
 * @module
 */

/** What a stub adds its index to (hooks/wasm_split.py, STUB_MARK). */
export const STUB_MARK = 0xffff0000;
const [MODULE, NAME] = ["env", "getprotobyname"];

/**
 * Wrap STUB_MARK's import in every module instantiated from now on;
 * `onStub(index)` hears of each stub reached, before the error unwinds.
 * @param {(index: number) => void} onStub
 */
export function watchStubs(onStub) {
  const wrap = (imports) => {
    const original = imports?.[MODULE]?.[NAME];
    if (typeof original !== "function") return imports;
    const watched = (address, ...rest) => {
      const mark = address >>> 0;
      if (mark < STUB_MARK) return original(address, ...rest);
      const index = mark - STUB_MARK;
      onStub(index);
      const error = new Error(`Python reached function ${index}, which the first part leaves out`);
      throw Object.assign(error, { pyodide_fatal_error: true, stub: index });
    };
    return { ...imports, [MODULE]: { ...imports[MODULE], [NAME]: watched } };
  };
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = (source, imports, ...rest) => instantiate(source, wrap(imports), ...rest);
  WebAssembly.instantiateStreaming = (source, imports, ...rest) =>
    instantiateStreaming(source, wrap(imports), ...rest);
}
