"""Two deploys while a reader's page is open: the notice's reload brings the newest (Chromium).

The first deploy's worker installs and waits, and the page offers a reload.
A second deploy before the reader answers installs a newer worker, and the
browser drops the one that was waiting (it becomes redundant). The notice must
now stand for the newer worker: a reload asked of the dropped one would never
come, and the page would say "Loading the new version…" for ever.

On the way, axe checks the notice in both colour schemes: only a deploy
brings it, so the page-by-page accessibility views never see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import project_copy, site_browser_in
from tests.offline.offline_site import (
    CHECK_FOR_UPDATE,
    CLICK_RELOAD,
    deploy,
    served_deploys,
    wait_for_service_worker,
)
from tests.site.a11y_support import axe_violations, describe

if TYPE_CHECKING:
    from tests.conftest import SharedChromium, SiteBuilder

pytestmark = pytest.mark.browser

SECOND = "This sentence arrived with the second deploy."
THIRD = "This sentence arrived with the third deploy."
# The worker waiting now, kept to see it dropped.
KEEP_WAITING = """() => navigator.serviceWorker.getRegistration().then((r) => {
    window.__firstWaiting = r.waiting;
    return r.waiting !== null;
})"""


def _with_sentence(tmp_path: Path, name: str, sentence: str) -> Path:
    """A copy of the project (in ``tmp_path/name``) whose home page ends with ``sentence``."""
    source = tmp_path / name
    source.mkdir()
    copy = project_copy(source)
    home = copy / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    return copy


@pytest.fixture
def three_deploys(
    site_builder: SiteBuilder, tmp_path: Path
) -> Iterator[tuple[str, Path, Path, Path]]:
    """Builds one, two and three; the server's sub-path is a link to build one."""
    second_project = _with_sentence(tmp_path, "second-source", SECOND)
    with served_deploys(site_builder, tmp_path, second_project) as (base_url, link, _, second):
        third = tmp_path / "third"
        result = site_builder(third, base_url, cwd=_with_sentence(tmp_path, "third-source", THIRD))
        assert result.returncode == 0, result.stdout + result.stderr
        yield base_url, link, second, third


def test_a_deploy_while_the_notice_waits_moves_its_reload_to_the_newest(
    three_deploys: tuple[str, Path, Path, Path],
    chromium: SharedChromium,
) -> None:
    base_url, link, second, third = three_deploys
    with site_browser_in(chromium, base_url) as browser:
        page = browser.open("")
        wait_for_service_worker(page)

        deploy(link, second)
        page.evaluate(CHECK_FOR_UPDATE)
        notice = page.locator("[data-offline-update]")
        notice.wait_for(state="visible", timeout=60_000)
        # Only a deploy brings the notice, which the page-by-page accessibility
        # views never see: axe checks it here, in both schemes (switched as a
        # reader does, with the header's toggle).
        problems = describe(axe_violations(page, settle=True), "light, notice")
        page.locator("label[title='Switch to dark mode']").click()
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        problems += describe(axe_violations(page, settle=True), "dark, notice")
        assert problems == [], "\n".join(problems)
        assert page.evaluate(KEEP_WAITING)

        deploy(link, third)
        page.evaluate(CHECK_FOR_UPDATE)
        page.wait_for_function("() => window.__firstWaiting.state === 'redundant'", timeout=60_000)
        assert notice.count() == 1

        page.evaluate(CLICK_RELOAD)
        page.wait_for_function(
            f"() => document.querySelector('article')?.textContent.includes({THIRD!r})",
            timeout=30_000,
        )
        assert SECOND not in page.inner_text("article")
        assert notice.count() == 0
        assert browser.external_requests == []
