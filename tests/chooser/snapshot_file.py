"""The chooser's memory snapshot as a test sees it: the file in the origin
private file system that snapshot.js saves (its header, whether it is whole),
read from a page of the site.

Shared by the snapshot tests and the WebAssembly split's browser tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.bench.chooser_load import SNAPSHOT_FILE, SNAPSHOT_FOLDER

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAGIC = "NOFSNAP1"  # snapshot.js: the file's first bytes

# The folder's entries, and the saved file's header (snapshot.js describes the format).
SAVED = f"""async () => {{
  let folder;
  try {{
    folder = await (await navigator.storage.getDirectory()).getDirectoryHandle({SNAPSHOT_FOLDER!r});
  }} catch (error) {{
    if (error.name === "NotFoundError") return null;
    throw error;
  }}
  // Listed after the file is read, never before: a save that moves its
  // part file over the snapshot between a listing and the read would
  // otherwise show the new snapshot beside a part file already gone.
  const names = async () => {{
    const found = [];
    for await (const name of folder.keys()) found.push(name);
    return found;
  }};
  let file, bytes;
  try {{
    file = await (await folder.getFileHandle({SNAPSHOT_FILE!r})).getFile();
    bytes = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  }} catch (error) {{
    // Not there, moved over while it is read, or (in a browser that will
    // not move over a file) removed before the move: not saved yet.
    if (error.name === "NotFoundError" || error.name === "NotReadableError") {{
      return {{ names: await names() }};
    }}
    throw error;
  }}
  const view = new DataView(bytes.buffer);
  const text = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  const keyLength = view.getUint32(8, true);
  return {{
    names: await names(),
    magic: text(0, 8),
    key: text(12, 12 + keyLength),
    headerSize: 16 + keyLength,
    memorySize: view.getUint32(12 + keyLength, true),
    fileSize: file.size,
    modified: file.lastModified,
  }};
}}"""


def saved(page: Page) -> dict[str, Any] | None:
    """What the snapshot folder holds (None: no folder yet)."""
    found: dict[str, Any] | None = page.evaluate(SAVED)
    return found


def whole_snapshot(page: Page) -> dict[str, Any] | None:
    """The saved snapshot's header, once a whole one of a real memory is there."""
    found = saved(page)
    if not found or "key" not in found or found["memorySize"] < 1_000_000:
        return None
    return found if found["fileSize"] == found["headerSize"] + found["memorySize"] else None
