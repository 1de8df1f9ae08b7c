"""Zip the offline copy (``make offline`` runs it after the build).

    python overrides/offline/package_copy.py dist/offline dist/node-or-flask-offline.zip

The archive holds one folder, ``node-or-flask-offline/``, with ``index.html``
at its top, so unzipping never scatters files. It is written beside its
target and renamed into place: a failed run leaves no half-written zip.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

FOLDER = "node-or-flask-offline"


def package(copy: Path, archive: Path) -> int:
    """Zip ``copy`` into ``archive`` under FOLDER/; returns the zip's size in bytes."""
    if not (copy / "index.html").is_file():
        raise SystemExit(f"package_copy: {copy} has no index.html: run `make offline`")
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(copy.rglob("*")):
            if path.is_file():
                zipped.write(path, f"{FOLDER}/{path.relative_to(copy).as_posix()}")
    partial.replace(archive)
    return archive.stat().st_size


def main(argv: list[str]) -> int:
    """Command line: the copy's folder and the zip to write."""
    if len(argv) != 2:
        print("usage: package_copy.py <copy folder> <zip file>", file=sys.stderr)
        return 2
    size = package(Path(argv[0]), Path(argv[1]))
    print(f"{argv[1]}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
