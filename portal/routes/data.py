"""Open data: CSV downloads, a Frictionless data package, an Atom feed, sitemap and robots."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Request
from fastapi.responses import PlainTextResponse, Response

from portal import urls
from portal.content import Item
from portal.document import TARGET
from portal.figures import PublicFigure
from portal.labels import item_label
from portal.prefix import public_path
from portal.progress import to_unit
from portal.store import Site
from portal.web import Web

# The public figure of an indicator (portal/figures.py), as columns of indicators.csv.
FIGURE_FIELDS = [
    ("figure_period", "string", "Period of the figure shown for the indicator (latest, else baseline)"),
    ("figure_role", "string", "latest (newest figure of the period) or baseline"),
    ("figure_value", "number", "The figure shown, in the indicator's unit (converted when published in another)"),
    ("figure_qualifier", "string", "The source's own qualifier (gần, khoảng, trên...); empty when exact"),
    ("figure_converted_from", "string", "The figure as published with its unit, when converted; else empty"),
    ("figure_status", "string", "official, preliminary or estimate"),
    ("figure_measure", "string", "What the figure measures, in the source's terms (Vietnamese)"),
    ("figure_caveat", "string", "How its definition may differ from the indicator's (Vietnamese)"),
    ("figure_publisher", "string", "Who published it"),
    ("figure_published", "string", "Date of publication"),
    ("figure_source_url", "string", "Address of the source"),
    ("figure_other_values", "string", "Other published values for the same period that differ, in the "
                                      "indicator's unit, separated by '; '"),
]


def figure_cells(fig: PublicFigure | None) -> list[Any]:
    if fig is None:
        return [""] * len(FIGURE_FIELDS)
    return [fig.period, fig.role, _n(fig.value), fig.qualifier,
            f"{_n(fig.original_value)} {fig.original_unit}" if fig.converted else "", fig.status, fig.measure,
            fig.caveat, fig.publisher, fig.published, fig.source_url,
            "; ".join(_n(o.value_in_unit) for o in fig.others)]


# Columns of each CSV download: (name, Frictionless type, description). One place, used for
# the files, the data package and the data page.
RESOURCES: dict[str, dict[str, Any]] = {
    "items": {
        "title": "Items of the resolution",
        "fields": [
            ("document", "string", "Slug of the document (see /api/v1/documents); its pages are under /{slug}/"),
            ("id", "string", "Stable item id: the address segment of its type, then its number if it has one"),
            ("type", "string", "Item type, as the document declares its types (document.yaml); target: "
                               "the items with indicators and progress"),
            ("number", "integer", "Number within its type, empty when unnumbered"),
            ("area", "string", "Area of a target, as the document declares its areas"),
            ("title", "string", "Short title (Vietnamese)"),
            ("summary", "string", "One-sentence plain-language summary (Vietnamese)"),
            ("source_text", "string", "Original wording, verbatim"),
            ("status", "string", "Progress status of a target: achieved, on-track, needs-effort, off-track, no-data"),
            ("url", "string", "Address of the item's page"),
        ],
    },
    "indicators": {
        "title": "Indicators of the targets",
        "fields": [
            ("document", "string", "Slug of the document (see /api/v1/documents); its pages are under /{slug}/"),
            ("id", "string", "Indicator id: the target id, a dot, then a short name"),
            ("target_id", "string", "Id of the target it belongs to"),
            ("name", "string", "Name (Vietnamese)"),
            ("unit", "string", "Unit of the target value"),
            ("kind", "string", "level, average_rate, cumulative, each_year, deadline, range, qualitative"),
            ("direction", "string", "up: more is better; down: less is better"),
            ("comparator", "string", "at_least, above, about, between, at_most, below"),
            ("target", "number", "Target value (empty for a range)"),
            ("target_low", "number", "Lower bound of a range"),
            ("target_high", "number", "Upper bound of a range"),
            ("period", "string", "Period: first and last year, YYYY-YYYY"),
            ("deadline", "integer", "Year by which the target is due"),
            ("baseline_year", "integer", "Year of the comparison baseline"),
            ("status", "string", "Computed status (see the method page)"),
            *FIGURE_FIELDS,
        ],
    },
    "observations": {
        "title": "Published figures",
        "fields": [
            ("document", "string", "Slug of the document (see /api/v1/documents); its pages are under /{slug}/"),
            ("row", "integer", "Line of the figure in the content file observations.csv (rows are never deleted)"),
            ("indicator", "string", "Indicator id"),
            ("period", "string", "Year (YYYY), span of years (YYYY-YYYY), or part of a year (YYYY-Q1, "
                                 "YYYY-H1, YYYY-01..YYYY-09: an early signal, never a year's figure)"),
            ("value", "number", "The figure as published"),
            ("unit", "string", "Unit as published"),
            ("value_in_unit", "number", "The same figure in the indicator's unit (compare this with the target); "
                                        "empty when it cannot be converted"),
            ("indicator_unit", "string", "Unit of the indicator and its target"),
            ("converted", "boolean", "True when value_in_unit was converted from the published unit"),
            ("status", "string", "official, preliminary, estimate or projection"),
            ("role", "string", "measurement, or context (not used for progress)"),
            ("scope", "string", "Territory the figure covers"),
            ("published", "string", "Date of publication (YYYY, YYYY-MM or YYYY-MM-DD)"),
            ("publisher", "string", "Who published it"),
            ("source_url", "string", "Address of the source"),
            ("note", "string", "Note (Vietnamese)"),
            ("correction", "string", "withdrawn or superseded (the row no longer counts), or empty"),
            ("corrected", "string", "Day the row stopped counting (YYYY-MM-DD), or empty"),
            ("correction_reason", "string", "Why it was withdrawn or superseded (Vietnamese)"),
            ("current", "boolean", "True when this row is the one used for its year"),
            ("qualifier", "string", "The source's own qualifier: gần (nearly), khoảng (about), trên (over)...; "
                                    "empty when exact"),
            ("measure", "string", "What the figure measures, in the source's terms (Vietnamese)"),
            ("authority", "string", "issuer, statistics, press-report or press (rule for the current figure)"),
            ("caveat", "string", "How the figure's definition may differ from the indicator's (Vietnamese)"),
            ("via", "string", "Site that carried the report, when not the outlet that wrote it"),
            ("context_for", "string", "Other targets this context row is shown on, separated by spaces"),
        ],
    },
}
# Keys declared in the data package (frictionless checks them; joins: observations → indicators → items).
KEYS: dict[str, dict[str, Any]] = {
    "items": {"primaryKey": ["id"]},
    "indicators": {"primaryKey": ["id"],
                   "foreignKeys": [{"fields": ["target_id"], "reference": {"resource": "items", "fields": ["id"]}}]},
    "observations": {"primaryKey": ["row"],
                     "foreignKeys": [{"fields": ["indicator"],
                                      "reference": {"resource": "indicators", "fields": ["id"]}}]},
}


def _text_responses(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": what, "content": {media_type: {"schema": {"type": "string"}}}},
            404: {"description": "No such file, or nothing built yet (an HTML page)",
                  "content": {"text/html": {"schema": {"type": "string"}}}}}


CSV_RESPONSES = _text_responses("text/csv", "CSV, UTF-8, comma-separated, CRLF line ends, header row")
FEED_RESPONSES = _text_responses("application/atom+xml", "Atom 1.0 feed (RFC 4287)")
PACKAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Data Package descriptor (JSON)",
          "content": {"application/json": {"schema": {"type": "object", "required": ["name", "resources"]}}}},
    404: {"description": "Nothing built yet (an HTML page)", "content": {"text/html": {"schema": {"type": "string"}}}}}


def rows(site: Site, name: str, base_url: str) -> list[list[Any]]:
    """The rows of one CSV file, each starting with the document's slug."""
    slug = site.document.slug
    return [[slug, *row] for row in _rows(site, name, base_url)]


def _rows(site: Site, name: str, base_url: str) -> list[list[Any]]:
    if name == "items":
        return [[i.id, i.type, i.number or "", i.area or "", i.title, i.summary, i.source_text,
                 site.progress[i.id].status if i.id in site.progress else "",
                 base_url + urls.item_path(site.document, i.id)]
                for i in site.items]
    if name == "indicators":
        out = []
        for item in site.of_type("target"):
            for ind in item.indicators:
                out.append([ind.id, item.id, ind.name, ind.unit, ind.kind, ind.direction, ind.comparator,
                            _n(ind.target), _n(ind.target_low), _n(ind.target_high),
                            f"{ind.period_start}-{ind.period_end}", ind.deadline, ind.baseline_year,
                            site.progress[item.id].indicators[ind.id].status,
                            *figure_cells(site.progress[item.id].figures.get(ind.id))])
        return out
    indicators = {ind.id: ind for item in site.of_type("target") for ind in item.indicators}
    out = []
    for o in site.observations:
        ind = indicators[o.indicator]
        conv = to_unit(o.value, o.unit, ind)
        out.append([o.row, o.indicator, o.period, _n(o.value), o.unit,
                    _n(round(conv[0], 6)) if conv else "", ind.unit,
                    ("true" if conv[1] else "false") if conv else "", o.status, o.role, o.scope, o.published,
                    o.publisher, o.source_url, o.note, o.correction, o.corrected, o.correction_reason,
                    "true" if o.row in site.current_rows else "false", o.qualifier, o.measure, o.authority,
                    o.caveat, o.via, " ".join(o.context_for)])
    return out


def _n(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def to_csv(site: Site, name: str, base_url: str, *, excel: bool = False) -> bytes:
    """Plain UTF-8 (what the data package declares); ``excel`` adds the byte-order mark that
    Excel on Windows needs to read Vietnamese, for the separate download labelled for Excel."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([f[0] for f in RESOURCES[name]["fields"]])
    w.writerows(rows(site, name, base_url))
    return (("\ufeff" if excel else "") + buf.getvalue()).encode("utf-8")


def datapackage(site: Site, base_url: str) -> dict[str, Any]:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": site.document.id,
        "title": site.document.en.get("title") or site.document.title,
        "description": "Items, indicators and published figures of " + (site.document.en.get("short_title")
                                                                           or site.document.short_title),
        "version": site.version,
        "created": site.built_at,
        "homepage": base_url + urls.page(site.document, "home"),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {"name": name, "title": spec["title"], "path": f"du-lieu/{name}.csv", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8",
             "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in spec["fields"]]}
             | KEYS[name]}
            for name, spec in RESOURCES.items()
        ],
    }


def temporal_coverage(site: Site) -> str:
    """ISO 8601 interval from the earliest year any figure covers (or the document's baseline year)
    to the end of the document's period, written first-year/last-year."""
    years = [int(o.period[:4]) for o in site.observations if o.period[:4].isdigit()]
    start = min([site.document.baseline_year, *years])
    end = site.document.period.split("-")[-1]
    return f"{start}/{end}"


def atom_date(value: str) -> str:
    parts = (value.split("-") + ["01", "01"])[:3]
    y, m, d = parts[0], parts[1] if parts[1] != "00" else "01", parts[2]
    return f"{y}-{m.zfill(2)}-{d.zfill(2)}T00:00:00Z"


def figure_entries(site: Site, host: str, lang: str, item: Item | None = None) -> list[dict[str, Any]]:
    """One feed entry per published figure (of one target when ``item`` is given); each names
    its document and the address of its target's page."""
    entries = []
    for o in site.observations:
        target = site.by_id[o.indicator.split(".")[0]]
        if item is not None and target.id != item.id:
            continue
        ind = next(i for i in target.indicators if i.id == o.indicator)
        key = f"{o.indicator}|{o.period}|{o.published}|{o.publisher}|{o.source_url}|{o.value}"
        entry_id = f"tag:{host},2025:figure:{hashlib.sha1(key.encode()).hexdigest()[:16]}"
        suffix = ":en" if lang == "en" else ""
        entry = {"kind": "figure", "id": entry_id + suffix, "updated": atom_date(o.published), "o": o,
                 "item": target, "ind": ind, "correction": False, "doc": site.document,
                 "label": item_label(site.document, target, lang),
                 "url": urls.item_path(site.document, target.id, lang)}
        entries.append(entry)
        if o.correction:  # a withdrawn or superseded figure is announced too, on the day it stopped counting
            entries.append(entry | {"id": f"{entry_id}:{o.correction}{suffix}", "updated": atom_date(o.corrected),
                                    "correction": True})
    return entries


def status_entries(site: Site, item: Item, host: str, lang: str) -> list[dict[str, Any]]:
    """One feed entry each time the target's status changed (from its timeline: the status
    recomputed on each day one of its figures was published or corrected)."""
    timeline = site.timelines.get(item.id)
    changes = [c for c in (timeline.changes if timeline else []) if c.before != c.after]
    return [{"kind": "status", "id": f"tag:{host},2025:status:{item.id}:{c.day.isoformat()}"
             + (":en" if lang == "en" else ""), "updated": atom_date(c.day.isoformat()), "status": c.after,
             "date": c.day.isoformat(), "item": item, "doc": site.document,
             "label": item_label(site.document, item, lang), "url": urls.item_path(site.document, item.id, lang)}
            for c in changes]


def router(web: Web) -> APIRouter:
    r = APIRouter()

    def csv_download(excel: bool):  # noqa: ANN202
        async def handler(request: Request, name: str = Path(examples=list(RESOURCES))) -> Response:
            loaded = web.loaded_or_none()
            if loaded is None or name not in RESOURCES:
                return web.not_found(request)
            filename = f"{name}-excel.csv" if excel else f"{name}.csv"
            return Response(to_csv(loaded.site, name, web.settings.base_url, excel=excel),
                            media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{filename}"'})

        return handler

    r.add_api_route("/du-lieu/{name}.csv", csv_download(excel=False), methods=["GET"], tags=["data"],
                    summary="CSV download (UTF-8, as the data package declares)", responses=CSV_RESPONSES,
                    response_class=Response)
    r.add_api_route("/du-lieu/excel/{name}.csv", csv_download(excel=True), methods=["GET"], tags=["data"],
                    summary="The same CSV with a byte-order mark, for Excel on Windows", responses=CSV_RESPONSES,
                    response_class=Response)

    @r.get("/datapackage.json", summary="Frictionless Data Package (v2) describing the CSV files", tags=["data"],
           response_class=Response, responses=PACKAGE_RESPONSES)
    async def package(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.not_found(request)
        return web.json(datapackage(loaded.site, web.settings.base_url))

    def render_feed(lang: str, sites: list[Site], item: Item | None, self_path: str) -> Response:
        """The feed of one document (one site in ``sites``), of one target, or of the whole site."""
        host = urlsplit(web.settings.base_url).hostname or "localhost"
        entries = [e for site in sites for e in figure_entries(site, host, lang, item)]
        if item is not None:
            entries += status_entries(sites[0], item, host, lang)
        entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
        site = sites[0] if len(sites) == 1 else None
        doc = site.document if site else None
        body = web.render_text(
            "feed.xml", lang, doc,
            site=site, item=item, entries=entries, base=web.settings.base_url, host=host, self_path=self_path,
            alternate=urls.item_path(doc, item.id, lang) if item and doc else urls.page(doc, "home", lang),
            updated=entries[0]["updated"] if entries else atom_date(sites[0].built_at[:10]))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    def site_feed(lang: str):  # noqa: ANN202
        async def handler(request: Request) -> Response:
            library = web.library()
            if library is None:
                return web.not_found(request, lang)
            loaded = web.site_document()
            sites = [loaded.site] if loaded else [d.site for d in library.docs.values()]
            return render_feed(lang, sites, None, public_path(request.scope))

        return handler

    def target_feed(lang: str):  # noqa: ANN202
        async def handler(request: Request, segment: str = Path(description="the targets' address segment"),
                          ref: str = Path(examples=["13"])) -> Response:
            loaded = web.loaded_or_none()
            target_type = loaded.site.document.target_type if loaded else None
            item = loaded.site.by_id.get(f"{target_type.segment}-{ref}") \
                if loaded and target_type and segment == target_type.seg(lang) and urls.number_of(ref) == ref else None
            if loaded is None or item is None or item.type != TARGET:
                return web.not_found(request, lang)
            return render_feed(lang, [loaded.site], item, public_path(request.scope))

        return handler

    for lang in ("vi", "en"):
        r.add_api_route(urls.feed_path(None, lang), site_feed(lang), methods=["GET"], tags=["data"],
                        response_class=Response, responses=FEED_RESPONSES,
                        summary=f"Atom feed ({lang}): one entry per published figure, newest first")
        r.add_api_route(("/en" if lang == "en" else "") + "/{segment}/{ref}/feed.atom", target_feed(lang),
                        methods=["GET"], tags=["data"], response_class=Response, responses=FEED_RESPONSES,
                        summary=f"Atom feed of one target ({lang}): each new figure and each change of status")

    @r.get("/sitemap.xml", include_in_schema=False)
    async def sitemap(request: Request) -> Response:
        library = web.library()
        if library is None:
            return web.not_found(request)
        paths = [urls.page(None, "home", lang) for lang in ("vi", "en")] if library.only is None else []
        for loaded in library.docs.values():
            doc = loaded.site.document
            paths += [urls.page(doc, name, lang) for lang in ("vi", "en") for name in urls.PAGES[lang]
                      if name != "search"]
            paths += [urls.type_path(doc, t, lang) for lang in ("vi", "en") for t in doc.item_types
                      if loaded.site.of_type(t.id)]
            paths += [urls.item_path(doc, i.id, lang) for lang in ("vi", "en") for i in loaded.site.items if i.number]
        body = web.envs["vi"].get_template("sitemap.xml").render(base=web.settings.base_url, paths=paths)
        return Response(body, media_type="application/xml")

    @r.get("/robots.txt", include_in_schema=False)
    async def robots() -> Response:
        library = web.library()
        docs = [d.site.document for d in library.docs.values()] if library else []
        embeds = [urls.under(doc, urls.EMBED[lang]) for doc in [None, *docs] for lang in ("vi", "en")]
        lines = "".join(f"Disallow: {path}/\n" for path in embeds)
        return PlainTextResponse(f"User-agent: *\n{lines}Sitemap: {web.settings.base_url}/sitemap.xml\n")

    def data_page(lang: str):  # noqa: ANN202
        async def handler(request: Request) -> Response:
            loaded = web.loaded_or_none()
            if loaded is None:
                return web.unavailable(lang)
            return web.render("data.html", lang, request=request, resources=RESOURCES,
                              package=datapackage(loaded.site, web.settings.base_url),
                              temporal=temporal_coverage(loaded.site))

        return handler

    r.add_api_route(urls.PAGES["vi"]["data"], data_page("vi"), include_in_schema=False)
    r.add_api_route(urls.PAGES["en"]["data"], data_page("en"), include_in_schema=False)
    return r
