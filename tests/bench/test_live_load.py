"""Short form of the open-loop live load test (tests/bench/live_load.py).

Real servers on Redis, readers that behave as the live script, posts at a
fixed rate: nothing may be missing at the end, and catch-up must stay a small
share of what is delivered. Migrating takes most of its time, so it runs only
with RUN_SLOW=1 (and REDIS_URL, as in CI).
"""

import json
import os
import subprocess
import sys

import pytest

from tests.live import servers

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.skipif(not servers.truthy("RUN_SLOW"), reason="slow: set RUN_SLOW=1"),
]


def test_open_loop_live_load_delivers_everything_with_little_catch_up():
    if not os.environ.get("REDIS_URL"):
        if servers.truthy("CI"):
            pytest.fail("CI is set but REDIS_URL is not: .ci/run must start Redis")
        pytest.skip("needs a real Redis: set REDIS_URL")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "tests/bench/live_load.py", "--readers", "8", "--rate", "3"]
        + ["--duration", "4", "--settle", "10"],
        cwd=servers.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    line = json.loads(lines[0])
    print(f"\nlive load: {lines[0]}")  # noqa: T201 - the numbers (pytest -s)
    assert line["posts"] == line["saved"] == 12 and line["post_errors"] == 0
    assert line["missing"] == 0
    assert line["delivered"] == 8 * 12
    assert line["catchup_per_delivered"] < 0.25
    assert line["p95_ms"] is not None
