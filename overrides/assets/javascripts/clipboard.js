/**
 * Copy text to the clipboard: the Clipboard API, else the old textarea and
 * execCommand route (insecure origins, older browsers). Resolves to whether
 * it worked; the caller says so to the reader.
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const copied = document.execCommand?.("copy") ?? false;
    area.remove();
    return copied;
  }
}
