/**
 * A colour-scheme switch without fading, at no cost on page load.
 *
 * Material's palette stylesheet stops every transition while the scheme
 * switches with a rule for every element under an attribute on the body
 * (`[data-md-color-switching] *`), and its script sets and clears that
 * attribute on every full page load as well: two restyles of the whole page
 * each time, about a third of a docs page's style work at load in Chromium
 * 156. The site leaves that rule out (hooks/css_bundle.py) and stops
 * transitions here only when the reader switches: a stylesheet that stops
 * them is adopted for the switch and dropped two frames later, once the new
 * colours are drawn. A page load needs none: the scheme is set before the
 * first paint (partials/javascripts/palette.html), so Material's script
 * changes no colour when it applies it again.
 *
 * @module
 */

const STILL = "*, ::before, ::after { transition-duration: 0s !important; }";

let still = null; // the adopted stylesheet, made on the first switch
let switching = 0; // switches whose two frames have not passed yet

// Capture: runs before Material's own listener on the input, in the same task,
// so the new colours are computed with transitions already stopped.
document.addEventListener(
  "change",
  (event) => {
    const target = event.target;
    if (!(target instanceof Element) || !target.closest("[data-md-component=palette]")) return;
    if (!("adoptedStyleSheets" in document)) return;
    if (!still) {
      still = new CSSStyleSheet();
      still.replaceSync(STILL);
    }
    if (switching++ === 0) document.adoptedStyleSheets = [...document.adoptedStyleSheets, still];
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (--switching > 0) return; // another switch came meanwhile: it removes the sheet
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== still);
      }),
    );
  },
  true,
);
