"""What news sites take: the embeddable widget, oEmbed, and share cards."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections import OrderedDict
from typing import Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from portal import urls
from portal.api_models import OEmbedOut, errors
from portal.cards import STATUS_COLOURS, CardLine, card_height, card_layout, render_png, render_site_card, scaled_png
from portal.cards import WIDTH as CARD_WIDTH
from portal.content import Item
from portal.document import Document
from portal.embed_size import choose_size
from portal.labels import site_name
from portal.routes.api import error, unavailable
from portal.routes.asof import PARAMS as ASOF_PARAMS
from portal.routes.asof import as_of_view
from portal.store import Site
from portal.web import STATIC, Web, reads_query

THUMBNAIL_WIDTHS = (1200, 600, 400)  # the share card and its smaller copies, widest first
CACHE_AGE = 3600


def height_script() -> tuple[str, str]:
    """The few lines that tell the host page the widget's height, and their CSP hash."""
    script = (STATIC / "embed-height.js").read_text(encoding="utf-8").strip()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return script, f"'sha256-{digest}'"


def embed_csp(script_hash: str) -> str:
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script_hash}; "
            "frame-ancestors *; base-uri 'none'; form-action 'none'")


def router(web: Web) -> APIRouter:
    r = APIRouter()
    script, script_hash = height_script()
    csp = embed_csp(script_hash)
    cards: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
    lock = threading.Lock()

    def target_of(segment: str, ref: str, lang: str):  # noqa: ANN202
        """The target at ``/{segment}/{ref}`` of the document's target type (None if there is none)."""
        loaded = web.loaded_or_none()
        if loaded is None:
            return loaded, None
        target_type = loaded.site.document.target_type
        if segment != target_type.seg(lang) or ref != urls.number_of(ref):
            return loaded, None
        return loaded, loaded.site.by_id.get(f"{target_type.segment}-{ref}")

    def widget(lang: str):  # noqa: ANN202
        @reads_query("theme", "compact", "lang", *ASOF_PARAMS)
        async def handler(request: Request, segment: str, ref: str) -> Response:
            loaded, item = target_of(segment, ref, lang)
            if loaded is None:
                return web.unavailable(lang)
            q = request.query_params
            view_lang = q["lang"] if q.get("lang") in ("vi", "en") else lang
            theme, compact = ("dark" if q.get("theme") == "dark" else "light"), q.get("compact") == "1"
            if item is None:  # in the widget's own style and language, with a way to the targets
                targets_url = web.settings.base_url + urls.page(loaded.site.document, "targets", view_lang)
                return web.render("embed.html", view_lang, status=404, item=None, theme=theme, compact=compact,
                                  home_url=targets_url,
                                  height_script=script, headers={"Content-Security-Policy": csp})
            view = as_of_view(loaded.site, item.id, request)
            tp = view["progress"]
            page_url = web.settings.base_url + urls.item_path(loaded.site.document, item.id, view_lang)
            return web.render("embed.html", view_lang, item=item, progress=tp, as_of=view["as_of"],
                              as_of_error=view["as_of_error"], today_url=page_url, theme=theme, compact=compact,
                              page_url=page_url + (f"?{'as_of' if view_lang == 'en' else 'ngay'}={view['as_of']}"
                                                   if view["as_of"] else ""),
                              height_script=script,
                              headers={"Content-Security-Policy": csp, "Cache-Control": f"public, max-age={CACHE_AGE}"})

        return handler

    r.add_api_route(urls.EMBED["vi"] + "/{segment}/{ref}", widget("vi"), include_in_schema=False)
    r.add_api_route(urls.EMBED["en"] + "/{segment}/{ref}", widget("en"), include_in_schema=False)

    @r.get("/oembed", summary="oEmbed for progress pages (rich type, an iframe)", tags=["embed"],
           response_model=OEmbedOut, response_model_exclude_none=True, responses=errors(400, 404, 501, 503))
    async def oembed(url: str = Query(..., max_length=2048, description="Address of a target's progress page"),
                     format: Literal["json", "xml"] = Query("json", description="Only json is supported (xml: 501)"),
                     maxwidth: int | None = Query(None, ge=1, le=100_000),
                     maxheight: int | None = Query(None, ge=1, le=100_000)) -> Response:
        if format != "json":
            return error(501, "format_not_supported", "Only format=json is supported.")
        library = web.library()
        if library is None:
            return unavailable()
        ours = urlsplit(web.settings.base_url)
        try:
            asked = urlsplit(url)
        except ValueError:
            return error(404, "not_found", "This address is not a progress page of this site.")
        slug, rel = urls.split(asked.path or "", library.docs)
        loaded = library.docs[slug] if slug else library.old  # an old address is the first document's
        if loaded is None:
            return error(404, "not_found", "This address is not a progress page of this site.")
        doc = loaded.site.document
        found = urls.target_at(doc, rel if slug else asked.path or "")
        if asked.netloc.lower() != ours.netloc.lower() or asked.scheme not in ("http", "https") or not found:
            return error(404, "not_found", "This address is not a progress page of this site.")
        item = loaded.site.by_id.get(f"{doc.target_type.segment}-{found[0]}")
        if item is None:
            return error(404, "not_found", "This address is not a progress page of this site.")
        size = choose_size(maxwidth, maxheight)
        if size is None:  # the oEmbed specification: 404 when no representation fits the maxima
            return error(404, "too_small", "No widget fits in maxwidth × maxheight.")
        width, height, compact = size
        lang = found[1]
        src = web.settings.base_url + urls.embed_path(doc, str(item.number), lang) + ("?compact=1" if compact else "")
        title = (item.en.get("title") if lang == "en" else None) or item.title
        iframe = (f'<iframe src="{src}" title="{_attr(title)}" width="{width}" height="{height}" loading="lazy" '
                  f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                  f'style="border:0;max-width:100%"></iframe>')
        answer = OEmbedOut(type="rich", version="1.0", title=title, html=iframe, width=width, height=height,
                           provider_name=site_name(web.settings.site_name, lang),
                           provider_url=web.settings.base_url + "/",
                           cache_age=CACHE_AGE)
        thumb = thumbnail_width(maxwidth, maxheight)
        if thumb is not None:
            answer.thumbnail_url = web.settings.base_url + card_path(doc, str(item.number), lang, thumb)
            answer.thumbnail_width, answer.thumbnail_height = thumb, card_height(thumb)
        return web.json(answer.model_dump(mode="json", exclude_none=True))

    def card_text(site: Site, item: Item, lang: str) -> list[CardLine]:
        """The card's lines, from the card_lines macro (the same for PNG and SVG)."""
        address = web.settings.base_url.split("://", 1)[-1] + urls.item_path(site.document, item.id, lang)
        text = web.macro(lang, site.document, "card_lines", site, item, site.progress[item.id], address)
        lines = []
        for raw in text.split("\n"):
            kind, _, rest = raw.strip().partition("|")
            if rest:
                lines.append((kind, Markup(rest).striptags()))
        return card_layout(lines, site.progress[item.id].status)

    def card(lang: str):  # noqa: ANN202
        @reads_query("w")
        async def handler(request: Request, segment: str, ref: str) -> Response:
            loaded, item = target_of(segment, ref.removesuffix(".png").removesuffix(".svg"), lang)
            if loaded is None or item is None or not ref.endswith((".png", ".svg")):
                return web.not_found(request, lang)
            tp = loaded.site.progress[item.id]
            layout = card_text(loaded.site, item, lang)
            if ref.endswith(".svg"):
                title = " · ".join(line.text for line in layout if line.kind in ("h", "v"))
                svg = web.render_text("card.svg", lang, loaded.site.document, layout=layout, title=title,
                                      colour=STATUS_COLOURS[tp.status])
                return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
            width = request.query_params.get("w", str(CARD_WIDTH))
            if not width.isdigit() or int(width) not in THUMBNAIL_WIDTHS:
                return web.not_found(request, lang)
            key = (loaded.site.version, f"{loaded.site.document.slug}/{item.id}", lang + width)
            with lock:
                png = cards.get(key)
            if png is None:
                png = scaled_png(render_png(layout, tp.status), int(width))
                with lock:
                    cards[key] = png
                    while len(cards) > 128:
                        cards.popitem(last=False)
            return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

        return handler

    def site_card(lang: str):  # noqa: ANN202
        """The card of a document's pages; at the site's address, of the site's documents."""

        async def handler(request: Request) -> Response:
            library = web.library()
            if library is None:
                return web.not_found(request, lang)
            loaded = web.site_document()
            sites = [loaded.site] if loaded else [d.site for d in library.docs.values()]
            key = (library.version, loaded.site.document.slug if loaded else "", "site" + lang)
            with lock:
                png = cards.get(key)
            if png is None:
                png = render_site_card(sites, lang, site_name(web.settings.site_name, lang))
                with lock:
                    cards[key] = png
            return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})

        return handler

    r.add_api_route(urls.site_card_path("vi"), site_card("vi"), include_in_schema=False)
    r.add_api_route(urls.site_card_path("en"), site_card("en"), include_in_schema=False)
    r.add_api_route(urls.CARD["vi"] + "/{segment}/{ref}", card("vi"), include_in_schema=False)
    r.add_api_route(urls.CARD["en"] + "/{segment}/{ref}", card("en"), include_in_schema=False)
    return r


def card_path(doc: Document, number: str, lang: str, width: int = CARD_WIDTH) -> str:
    path = urls.card_path(doc, number, lang)
    return path if width == CARD_WIDTH else f"{path}?w={width}"


def thumbnail_width(maxwidth: int | None, maxheight: int | None) -> int | None:
    """The widest card size within the consumer's maxima (oEmbed: the thumbnail must respect
    them), or None when even the smallest is too big (the thumbnail is then left out)."""
    for width in THUMBNAIL_WIDTHS:
        if (maxwidth is None or width <= maxwidth) and (maxheight is None or card_height(width) <= maxheight):
            return width
    return None


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
