/**
 * Entry of the offline copy's chooser bundle (bundle_chooser.mjs): mounts the
 * chooser, as loader.js does on the published site, but with the chooser's
 * code bundled in (no dynamic import of modules from file://).
 */

import { mount } from "../assets/javascripts/chooser/chooser.js";

function mountChooser() {
  const root = document.querySelector("[data-chooser]");
  if (!root || root.dataset.mounted) return;
  root.dataset.mounted = "true";
  mount(root);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountChooser);
else mountChooser();
