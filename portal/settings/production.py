"""Production settings: the base settings are production-safe on their own."""

from .base import *  # noqa: F401,F403
