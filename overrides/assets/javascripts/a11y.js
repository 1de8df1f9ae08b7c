/**
 * Accessibility fixes to markup Material makes at run time (issue 13).
 *
 * Material builds some elements in the browser (code-block button bars, the
 * search dialog's state, scroll wrappers of wide tables), so a template
 * cannot fix them. `fix()` is idempotent: it runs on every `document$`
 * (each page, instant navigation included) and again when Material adds
 * such elements later.
 *
 * @module
 */

/** Give the search dialog a name (axe: aria-dialog-name). */
function nameSearchDialog() {
  const dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the site");
}

/** Code-block button bars are <nav>s without a name: they are not navigation. */
function unlandmarkCodeBars() {
  for (const bar of document.querySelectorAll("nav.md-code__nav:not([role])")) bar.setAttribute("role", "none");
}

/**
 * A table or code block wider than the page scrolls sideways: keyboard users
 * must reach it (axe: scrollable-region-focusable), so it takes focus and a name.
 * Every width is read before any attribute is written: a write between two
 * reads makes the browser lay the page out again for the next read, which on
 * the chooser (many updates while it starts) cost long tasks of a second.
 */
function focusableScrollers() {
  const wraps = [...document.querySelectorAll(".md-typeset__scrollwrap, .nof-table-wrap")];
  const scrolling = wraps.map((wrap) => wrap.scrollWidth > wrap.clientWidth + 1);
  const names = new Set(wraps.map((wrap) => wrap.getAttribute("aria-label")).filter(Boolean));
  wraps.forEach((wrap, index) => {
    if (scrolling[index] && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      const name = uniqueName(tableName(wrap), names);
      names.add(name);
      wrap.setAttribute("aria-label", name);
    } else if (!scrolling[index] && wrap.getAttribute("tabindex") === "0") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  });
}

/**
 * A scrolling table's name: its caption, else its column headings (a page
 * may hold several tables without a caption, and landmarks need names of
 * their own: axe's landmark-unique).
 */
function tableName(wrap) {
  const caption = wrap.querySelector("caption")?.textContent.trim();
  const headings = [...wrap.querySelectorAll("thead th")].map((cell) => cell.textContent.trim());
  const columns = headings.filter(Boolean).join(", ");
  return `${caption || (columns ? `Table: ${columns}` : "Table")} (scrolls sideways)`;
}

/** `name`, or `name` numbered 2, 3, … if `taken` has it already. */
function uniqueName(name, taken) {
  let candidate = name;
  for (let number = 2; taken.has(candidate); number++) candidate = `${name} ${number}`;
  return candidate;
}

function fix() {
  nameSearchDialog();
  unlandmarkCodeBars();
  focusableScrollers();
}

let pending = false;
function fixSoon() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    fix();
  });
}

new MutationObserver(fixSoon).observe(document.body, { childList: true, subtree: true });
window.addEventListener("resize", fixSoon);
if (window.document$) window.document$.subscribe(fix);
else fix();
