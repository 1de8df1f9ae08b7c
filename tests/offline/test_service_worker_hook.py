"""The service worker hook starts Workbox's generator early and never leaves it behind.

``overrides/hooks/service_worker.py`` starts ``generate_sw.mjs --on-go`` before
the pages are built, so Node loads Workbox while MkDocs works; after the build
it says "go". A build that fails in between must end the waiting generator,
with nothing written into the site.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.conftest import ROOT, node_executable

HOOK = ROOT / "overrides" / "hooks" / "service_worker.py"
WRITTEN = ("sw.js", "sw-chooser.js", "offline.json")


@pytest.fixture
def hook() -> Iterator[ModuleType]:
    """A fresh copy of the hook module (it keeps its generator in a global)."""
    node_executable("runs Workbox's generator")
    spec = importlib.util.spec_from_file_location("service_worker_under_test", HOOK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.on_startup(command="build", dirty=False)
    yield module
    module.on_shutdown()
    sys.modules.pop(spec.name, None)


def _site(tmp_path: Path) -> SimpleNamespace:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    return SimpleNamespace(site_dir=str(site), plugins={})


def test_the_generator_waits_for_the_build_then_writes_the_worker(
    hook: ModuleType, tmp_path: Path
) -> None:
    config = _site(tmp_path)
    hook.on_pre_build(config)
    generator = hook._generator
    assert generator is not None and generator.poll() is None  # started, waiting
    assert not any((Path(config.site_dir) / name).exists() for name in WRITTEN)
    hook.on_post_build(config)
    assert generator.returncode == 0
    assert all((Path(config.site_dir) / name).is_file() for name in WRITTEN)
    assert hook._generator is None


def test_a_failed_build_ends_the_generator_and_writes_nothing(
    hook: ModuleType, tmp_path: Path
) -> None:
    config = _site(tmp_path)
    hook.on_pre_build(config)
    generator = hook._generator
    assert generator is not None
    hook.on_build_error(error=RuntimeError("a page failed"))
    assert generator.poll() is not None  # ended, not left waiting
    assert hook._generator is None
    assert not any((Path(config.site_dir) / name).exists() for name in WRITTEN)


def test_serving_starts_no_generator(hook: ModuleType, tmp_path: Path) -> None:
    hook.on_startup(command="serve", dirty=False)
    config = _site(tmp_path)
    hook.on_pre_build(config)
    assert hook._generator is None
    hook.on_post_build(config)
    assert not any((Path(config.site_dir) / name).exists() for name in WRITTEN)
