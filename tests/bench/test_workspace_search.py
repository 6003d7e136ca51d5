"""Smoke test of the workspace search benchmark: a short run prints its JSON line.

Migrating a fresh database alone takes about 20 s, so it runs only with RUN_SLOW=1.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.live import servers

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]


def test_workspace_search_benchmark_prints_one_json_line_with_constant_queries():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "tests/bench/workspace_search.py", "--small", "200", "--large", "2000"]
        + ["--repeat", "2"],
        cwd=servers.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={
            **os.environ,
            "TEST_SQLITE_NAME": ".bench-search-smoke.sqlite3",
            # On PostgreSQL: its own database, not the running session's.
            "TEST_DATABASE_NAME": "test_partnerwerk_bench_search",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.strip().splitlines() if line.startswith("{")]
    assert len(lines) == 1, result.stdout
    line = json.loads(lines[0])
    assert line["rare_small_queries"] == line["rare_large_queries"]
    # The rare word stands in a fixed number of messages; the common one grows with the data.
    assert line["rare_large_results"] >= line["rare_small_results"] > 0
    assert line["common_large_results"] > line["common_small_results"] > 0
    for key in ("rare_small_ms", "rare_large_ms", "rare_ratio"):
        assert line[key] > 0, key
