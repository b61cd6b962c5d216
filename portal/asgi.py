"""Entry point for ASGI servers: ``uvicorn --factory portal.asgi:make_app``."""

from portal.app import create_app
from portal.cache import ResponseCache
from portal.settings import Settings


def make_app() -> ResponseCache:
    return create_app(Settings.from_env())
