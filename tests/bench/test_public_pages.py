"""Smoke test of the public pages benchmark: it runs end to end and prints its JSON line.

Migrating and loading the demo alone take about 20 s, so it runs only with RUN_SLOW=1.
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


def test_public_pages_benchmark_prints_one_json_line_with_cached_pages():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "tests/bench/public_pages.py", "--duration", "1", "--rounds", "1"]
        + ["--connections", "4", "--loader", "python"],
        cwd=servers.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    line = json.loads(lines[0])
    assert line["cache"] is True and line["errors"] == 0
    assert line["x_cache"] == {"bare": "bypass", "story": "hit", "index": "hit"}
    for key in ("bare_rps", "story_rps", "index_rps", "story_ratio", "index_ratio"):
        assert line[key] > 0, key
