"""Smoke test of the public pages benchmark: it runs end to end and prints its JSON line.

Migrating, loading the demo and collecting static files take about 30 s, so it
runs only with RUN_SLOW=1.
"""

import json
import subprocess
import sys

import pytest

from tests.live import servers

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]


def test_public_pages_benchmark_prints_one_json_line_on_production_terms():
    # Popen, not run(timeout=...): on a timeout the benchmark gets SIGTERM and
    # stops its servers, where run() would SIGKILL it and orphan them.
    bench = subprocess.Popen(  # noqa: S603
        [sys.executable, "tests/bench/public_pages.py", "--smoke", "--loader", "python"],
        cwd=servers.REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = bench.communicate(timeout=480)
    except subprocess.TimeoutExpired:
        bench.terminate()
        stdout, stderr = bench.communicate(timeout=60)
        pytest.fail(f"benchmark took over 480 s:\n{stderr[-3000:]}")
    result = subprocess.CompletedProcess(bench.args, bench.returncode, stdout, stderr)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    line = json.loads(lines[0])
    assert line["settings"] == "portal.settings.production" and line["errors"] == 0
    assert line["server"] == "gunicorn-sync"
    for mode in ("cached", "uncached"):
        assert line["bare"][mode]["rps"] > 0 and line["bare"][mode]["cpu_ms"] > 0
    pages = line["pages"]
    assert set(pages) == {
        "story", "story_index", "home", "lesson_index", "lesson", "partnership", "search"
    }  # fmt: skip
    for name, page in pages.items():
        assert page["cached"]["x_cache"] == "hit", name
        assert page["uncached"]["x_cache"] == "bypass", name
        for mode in ("cached", "uncached"):
            assert page[mode]["rps"] > 0 and page[mode]["cpu_ms"] > 0, (name, mode)
            assert page[mode]["ratio"] > 0, (name, mode)
