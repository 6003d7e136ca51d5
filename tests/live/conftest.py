from tests.live.demo import demo  # noqa: F401 - the shared demo fixture
