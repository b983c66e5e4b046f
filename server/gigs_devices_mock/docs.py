"""The /docs page: Redoc, reading the server's own /openapi.yaml, served from the package's static/.

tools/docs.py (`make docs`) builds static/ from a pinned Redoc; the files are package data, so the
page works offline and from an installed wheel. Nothing is fetched from elsewhere.
"""

from __future__ import annotations

from importlib import resources

# path → (file in static/, content type)
PAGES = {
    "/docs": ("index.html", "text/html; charset=utf-8"),
    "/docs/": ("index.html", "text/html; charset=utf-8"),
    "/docs/redoc.standalone.js": ("redoc.standalone.js", "application/javascript; charset=utf-8"),
}


def load_pages() -> dict[str, tuple[bytes, str]]:
    """Every page of /docs, read once: path → (body, content type)."""
    static = resources.files(__name__.rpartition(".")[0]) / "static"
    return {path: ((static / name).read_bytes(), kind) for path, (name, kind) in PAGES.items()}
