"""Static files: content-hashed URLs from url_for, gzip, a year's immutable cache."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from flask import Flask, url_for
from flask.testing import FlaskClient

HASHED = re.compile(r"^/static/css/koosloome\.[0-9a-f]{12}\.css$")


def test_url_for_static_gives_a_content_hashed_name(app: Flask) -> None:
    path = url_for("static", filename="css/koosloome.css", _external=False)
    assert HASHED.match(path), path


def test_a_hashed_url_is_compressed_and_cached_for_a_year(app: Flask, client: FlaskClient) -> None:
    path = url_for("static", filename="css/koosloome.css", _external=False)
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    original = (Path(app.static_folder or "") / "css/koosloome.css").read_bytes()
    assert gzip.decompress(response.data) == original
    again = client.get(path, headers={"Accept-Encoding": "gzip",
                                      "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_plain_and_outdated_urls_still_work_without_the_long_cache(client: FlaskClient) -> None:
    for path in ("/static/css/koosloome.css", "/static/css/koosloome.0123456789ab.css"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers  # not asked for
        assert "immutable" not in response.headers["Cache-Control"]


def test_nothing_outside_the_static_folder(client: FlaskClient) -> None:
    assert client.get("/static/../app/config.py").status_code == 404
    assert client.get("/static/%2e%2e/app/config.py").status_code == 404


def test_a_hashed_url_is_answered_again_without_running_flask(app: Flask,
                                                              client: FlaskClient) -> None:
    """A join storm asks for each hashed file a thousand times: the first answer is replayed."""
    from flask import request_started

    path = url_for("static", filename="js/phone.js", _external=False)
    requests: list[str] = []

    def count(_sender: Flask, **_extra: object) -> None:
        requests.append("flask")

    request_started.connect(count, app)
    try:
        first = client.get(path, headers={"Accept-Encoding": "gzip"})
        again = client.get(path, headers={"Accept-Encoding": "gzip"})
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        plain_again = client.get(path, headers={"Accept-Encoding": "identity"})
    finally:
        request_started.disconnect(count, app)
    assert requests == ["flask", "flask"]  # once per encoding asked for
    assert again.status_code == 200 and again.data == first.data
    assert sorted(again.headers.items()) == sorted(first.headers.items())
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert again.headers[header] == first.headers[header]
    assert again.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain_again.headers
    assert plain_again.data == plain.data
    original = (Path(app.static_folder or "") / "js/phone.js").read_text()
    assert gzip.decompress(again.data).decode() == plain_again.get_data(as_text=True)
    assert "import" in original


def test_only_immutable_answers_are_kept(app: Flask, client: FlaskClient) -> None:
    """An outdated hash, a plain name, a revalidation or a miss still reach Flask each time."""
    from flask import request_started

    path = url_for("static", filename="css/koosloome.css", _external=False)
    etag = client.get(path).headers["ETag"]
    requests: list[str] = []

    def count(_sender: Flask, **_extra: object) -> None:
        requests.append("flask")

    request_started.connect(count, app)
    try:
        for _ in range(2):
            assert client.get("/static/css/koosloome.0123456789ab.css").status_code == 200
            assert client.get("/static/css/missing.0123456789ab.css").status_code == 404
            assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    finally:
        request_started.disconnect(count, app)
    assert len(requests) == 6


def test_every_page_loads_one_self_contained_bundle(app: Flask) -> None:
    """A phone fetches one script module, with nothing further to import: a chain of imports
    costs a slow connection a round trip per level (make setup bundles static/js/)."""
    templates = Path(app.root_path).parent / "templates"
    module = re.compile(r'<script type="module" src="\{\{ url_for\(\'static\', '
                        r"filename='(?P<path>[^']+)'\) \}\}\"></script>")
    pages = {path.relative_to(templates).as_posix(): module.findall(path.read_text())
             for path in templates.rglob("*.html") if 'type="module"' in path.read_text()}
    assert "participant/phone.html" in pages and len(pages) >= 6, pages
    static = Path(app.static_folder or "")
    for page, scripts in pages.items():
        assert len(scripts) == 1 and scripts[0].startswith("build/"), (page, scripts)
        bundle = (static / scripts[0]).read_text()
        assert not re.search(r"""\b(?:import|from)\s*\(?\s*["'](?:\.|/static/)""", bundle), page
