"""A new deploy, seen by a reader whose browser already has the site (Chromium).

The site is built twice, with a change of content (a sentence on the home
page) and of an asset (a style sheet) between the builds. The server switches
from the first build to the second, as a deploy does. The reader's open page
keeps the first build, page and assets alike, while the new service worker
waits; a notice offers a reload; after it, page and assets are the new build's
and the old worker is gone.
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
    FOCUS_AFTER_RELOAD,
    deploy,
    served_deploys,
    wait_for_service_worker,
)

if TYPE_CHECKING:
    from tests.conftest import SharedChromium, SiteBuilder

pytestmark = pytest.mark.browser

NEW_SENTENCE = "This sentence arrived with the second deploy."
NEW_STYLE = "\nbody { --nof-deploy: second; }\n"
# The reader's view: the home page's text, and a value only the new style sheet sets.
BUILD_OF_PAGE = f"""() => ({{
    text: document.querySelector("article").textContent.includes({NEW_SENTENCE!r}),
    style: getComputedStyle(document.body).getPropertyValue("--nof-deploy").trim(),
}})"""


def _changed_project(tmp_path: Path) -> Path:
    """A copy of the project with one more sentence and one more style rule."""
    copy = project_copy(tmp_path, copy_overrides=True)
    home = copy / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + f"\n{NEW_SENTENCE}\n", encoding="utf-8")
    style = copy / "overrides" / "assets" / "stylesheets" / "extra.css"
    style.write_text(style.read_text(encoding="utf-8") + NEW_STYLE, encoding="utf-8")
    return copy


@pytest.fixture
def two_deploys(
    site_builder: SiteBuilder, tmp_path: Path
) -> Iterator[tuple[str, Path, Path, Path]]:
    """Builds one and two, and a server whose sub-path is a link to one of them."""
    with served_deploys(site_builder, tmp_path, _changed_project(tmp_path)) as deploys:
        yield deploys


def test_a_new_deploy_waits_offers_a_reload_and_never_mixes(
    two_deploys: tuple[str, Path, Path, Path],
    chromium: SharedChromium,
) -> None:
    base_url, link, _, second = two_deploys
    with site_browser_in(chromium, base_url) as browser:
        page = browser.open("")
        wait_for_service_worker(page)
        assert page.evaluate(BUILD_OF_PAGE) == {"text": False, "style": ""}

        deploy(link, second)
        page.evaluate(CHECK_FOR_UPDATE)
        notice = page.locator("[data-offline-update]")
        notice.wait_for(state="visible", timeout=60_000)
        assert "new version" in notice.inner_text()

        # While the new worker waits, every page is still the first build, whole.
        page.reload()
        assert page.evaluate(BUILD_OF_PAGE) == {"text": False, "style": ""}
        other = browser.open("methodology/")
        assert other.evaluate(BUILD_OF_PAGE)["style"] == ""
        other.close()

        # The reload waits for the new worker to take over (about a second in
        # Chromium while the old one runs), so the notice says it is under way.
        # Clicked from the page, so that the notice is read before it reloads.
        # The button is marked unavailable, not disabled, so it keeps the
        # keyboard's focus (a disabled one hands it to the page's body).
        assert page.evaluate(CLICK_RELOAD) == {
            "text": "Loading the new version…",
            "buttons": [["Reload", False, "true"]],
        }
        page.wait_for_function(
            f"() => document.querySelector('article')?.textContent.includes({NEW_SENTENCE!r})"
        )
        assert page.evaluate(BUILD_OF_PAGE) == {"text": True, "style": "second"}
        focused = page.evaluate(f"() => sessionStorage.getItem({FOCUS_AFTER_RELOAD!r})")
        assert focused == "BUTTON Reload", f"after pressing Reload, the focus was on {focused!r}"
        waiting = page.evaluate(
            "() => navigator.serviceWorker.getRegistration().then(r => r.waiting === null)"
        )
        assert waiting, "the old worker is still in the way"
        other = browser.open("methodology/")
        assert other.evaluate(BUILD_OF_PAGE)["style"] == "second"
        assert browser.external_requests == []
