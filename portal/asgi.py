"""Entry point for ASGI servers: ``uvicorn --factory portal.asgi:make_app``."""

from fastapi import FastAPI

from portal.app import create_app
from portal.settings import Settings


def make_app() -> FastAPI:
    return create_app(Settings.from_env())
