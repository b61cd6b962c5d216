"""Entry point for ASGI servers: ``uvicorn --factory portal.asgi:make_app``."""

from starlette.types import ASGIApp

from portal.app import create_app
from portal.settings import Settings


def make_app() -> ASGIApp:
    return create_app(Settings.from_env(), wait_for_build=True)
