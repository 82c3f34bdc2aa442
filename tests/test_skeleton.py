"""The project itself: the plugin loads, every page renders, the local server behaves.

(Nothing loaded from another host: tests/test_weight.py checks every page.)
"""

from conftest import build_site
from sitefiles import html_files, parse, soup_at, url_of


def test_misspelt_plugin_fails_the_build(tmp_path):
    # Pelican only logs a misspelt PLUGINS entry; our builds treat that as fatal.
    result = build_site(tmp_path, "publishconf.py", "-e", 'PLUGINS=["hksmgea"]')
    assert result.returncode != 0
    assert "hksmgea" in result.stdout + result.stderr


def test_our_plugin_is_loaded(site):
    # Only our plugin writes the fingerprinted stylesheet and the sitemap.
    assert list((site / "theme" / "css").glob("site.*.css"))
    assert (site / "sitemap.xml").read_text().startswith("<?xml")
    stylesheet = soup_at(site, "/").find("link", rel="stylesheet")["href"]
    assert (site / stylesheet.lstrip("/")).exists()


def test_every_page_renders_with_title_heading_and_main(site):
    pages = html_files(site)
    assert len(pages) >= 2
    for path in pages:
        soup = parse(path)
        where = url_of(site, path)
        assert soup.html.get("lang"), where
        assert soup.title and soup.title.string.strip(), where
        assert len(soup.find_all("main")) == 1, where
        assert soup.find("main").get("id") == "main", where
        assert len(soup.find_all("h1")) == 1, where
        first_link = soup.body.find("a")
        assert first_link["href"] == "#main", f"{where}: the skip link must come first"


def test_the_local_server_answers_a_missing_page_with_404_html(site, base_url):
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(f"{base_url}/no-such-page/")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert error.read() == (site / "404.html").read_bytes()
    else:
        raise AssertionError("a missing page was served with status 200")


def test_a_port_in_use_is_refused_with_advice(site):
    import pytest
    from hksmega.tools.server import PortInUse, make_server

    first = make_server(site)
    try:
        with pytest.raises(PortInUse, match="--port"):
            make_server(site, port=first.server_address[1])
    finally:
        first.server_close()
