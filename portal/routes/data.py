"""Open data: CSV downloads, a Frictionless data package, an Atom feed, sitemap and robots."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from portal import urls
from portal.store import Site
from portal.web import Web

# Columns of each CSV download: (name, Frictionless type, description). One place, used for
# the files, the data package and the data page.
RESOURCES: dict[str, dict[str, Any]] = {
    "items": {
        "title": "Items of the resolution",
        "fields": [
            ("id", "string", "Stable item id, e.g. chi-tieu-7"),
            ("type", "string", "assessment, lesson, viewpoint, goal, target, task, breakthrough, solution, "
                               "implementation"),
            ("number", "integer", "Number within its type, empty when unnumbered"),
            ("area", "string", "Area of a target: economy, society, environment, security, party"),
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
            ("id", "string", "Indicator id, e.g. chi-tieu-16.bac-si"),
            ("target_id", "string", "Id of the target it belongs to"),
            ("name", "string", "Name (Vietnamese)"),
            ("unit", "string", "Unit of the target value"),
            ("kind", "string", "level, average_rate, cumulative, each_year, deadline, range, qualitative"),
            ("direction", "string", "up: more is better; down: less is better"),
            ("comparator", "string", "at_least, above, about, between, at_most, below"),
            ("target", "number", "Target value (empty for a range)"),
            ("target_low", "number", "Lower bound of a range"),
            ("target_high", "number", "Upper bound of a range"),
            ("period", "string", "Period, e.g. 2026-2030"),
            ("deadline", "integer", "Year by which the target is due"),
            ("baseline_year", "integer", "Year of the comparison baseline"),
            ("status", "string", "Computed status (see the method page)"),
        ],
    },
    "observations": {
        "title": "Published figures",
        "fields": [
            ("indicator", "string", "Indicator id"),
            ("period", "string", "Year (2025), span (2021-2025), or part of a year (2026-Q1, 2026-H1, "
                                 "2026-01..2026-09: an early signal, never a year's figure)"),
            ("value", "number", "The figure as published"),
            ("unit", "string", "Unit as published"),
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
        ],
    },
}


def rows(site: Site, name: str, base_url: str) -> list[list[Any]]:
    if name == "items":
        return [[i.id, i.type, i.number or "", i.area or "", i.title, i.summary, i.source_text,
                 site.progress[i.id].status if i.id in site.progress else "", base_url + urls.item_path(i.id)]
                for i in site.items]
    if name == "indicators":
        out = []
        for item in site.of_type("target"):
            for ind in item.indicators:
                out.append([ind.id, item.id, ind.name, ind.unit, ind.kind, ind.direction, ind.comparator,
                            _n(ind.target), _n(ind.target_low), _n(ind.target_high),
                            f"{ind.period_start}-{ind.period_end}", ind.deadline, ind.baseline_year,
                            site.progress[item.id].indicators[ind.id].status])
        return out
    return [[o.indicator, o.period, _n(o.value), o.unit, o.status, o.role, o.scope, o.published, o.publisher,
             o.source_url, o.note, o.correction, o.corrected, o.correction_reason,
             "true" if o.row in site.current_rows else "false"] for o in site.observations]


def _n(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def to_csv(site: Site, name: str, base_url: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([f[0] for f in RESOURCES[name]["fields"]])
    w.writerows(rows(site, name, base_url))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then reads Vietnamese correctly


def datapackage(site: Site, base_url: str) -> dict[str, Any]:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": site.document.id,
        "title": site.document.en.get("title") or site.document.title,
        "description": "Items, indicators and published figures of " + (site.document.en.get("short_title")
                                                                           or site.document.short_title),
        "version": site.version,
        "created": site.built_at,
        "homepage": base_url + "/",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {"name": name, "title": spec["title"], "path": f"du-lieu/{name}.csv", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8-sig",
             "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in spec["fields"]]}}
            for name, spec in RESOURCES.items()
        ],
    }


def atom_date(value: str) -> str:
    parts = (value.split("-") + ["01", "01"])[:3]
    y, m, d = parts[0], parts[1] if parts[1] != "00" else "01", parts[2]
    return f"{y}-{m.zfill(2)}-{d.zfill(2)}T00:00:00Z"


def router(web: Web) -> APIRouter:
    r = APIRouter()

    @r.get("/du-lieu/{name}.csv", summary="CSV download (UTF-8 with BOM)", tags=["data"])
    async def csv_file(request: Request, name: str) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None or name not in RESOURCES:
            return web.not_found(request)
        return Response(to_csv(loaded.site, name, web.settings.base_url), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})

    @r.get("/datapackage.json", summary="Frictionless Data Package (v2) describing the CSV files", tags=["data"])
    async def package(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.not_found(request)
        return web.json(datapackage(loaded.site, web.settings.base_url))

    @r.get("/feed.atom", summary="Atom feed: one entry per published figure, newest first", tags=["data"])
    async def feed(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.not_found(request)
        site = loaded.site
        host = urlsplit(web.settings.base_url).hostname or "localhost"
        entries = []
        for o in site.observations:
            key = f"{o.indicator}|{o.period}|{o.published}|{o.publisher}|{o.source_url}|{o.value}"
            target = site.by_id[o.indicator.split(".")[0]]
            ind = next(i for i in target.indicators if i.id == o.indicator)
            entry_id = f"tag:{host},2025:figure:{hashlib.sha1(key.encode()).hexdigest()[:16]}"
            entries.append({"id": entry_id, "updated": atom_date(o.published), "o": o, "item": target, "ind": ind,
                            "correction": False})
            if o.correction:  # a withdrawn or superseded figure is announced too, on the day it stopped counting
                entries.append({"id": entry_id + ":" + o.correction, "updated": atom_date(o.corrected), "o": o,
                                "item": target, "ind": ind, "correction": True})
        entries.sort(key=lambda e: str(e["updated"]), reverse=True)
        body = web.envs["vi"].get_template("feed.xml").render(
            site=site, entries=entries, base=web.settings.base_url, host=host,
            updated=entries[0]["updated"] if entries else atom_date(site.built_at[:10]))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @r.get("/sitemap.xml", include_in_schema=False)
    async def sitemap(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.not_found(request)
        paths = [urls.page(p, lang) for lang in ("vi", "en") for p in
                 ("home", "targets", "goal", "assessment", "implementation", "full_text", "glossary", "method",
                  "about", "data", "expected")]
        paths += [urls.item_path(i.id, lang) for lang in ("vi", "en") for i in loaded.site.items
                  if i.type not in ("assessment", "goal", "implementation")]
        body = web.envs["vi"].get_template("sitemap.xml").render(base=web.settings.base_url, paths=paths)
        return Response(body, media_type="application/xml")

    @r.get("/robots.txt", include_in_schema=False)
    async def robots() -> Response:
        return PlainTextResponse(f"User-agent: *\nDisallow: /nhung/\nDisallow: /en/embed/\n"
                                 f"Sitemap: {web.settings.base_url}/sitemap.xml\n")

    def data_page(lang: str):  # noqa: ANN202
        async def handler(request: Request) -> Response:
            loaded = web.loaded_or_none()
            if loaded is None:
                return web.unavailable(lang)
            return web.render("data.html", lang, request=request, resources=RESOURCES,
                              package=datapackage(loaded.site, web.settings.base_url))

        return handler

    r.add_api_route(urls.page("data", "vi"), data_page("vi"), include_in_schema=False)
    r.add_api_route(urls.page("data", "en"), data_page("en"), include_in_schema=False)
    return r
