"""Status as of a day: ``?ngay=YYYY-MM-DD`` (or ``?as_of=``) on a target's page, widget and API."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from portal import periods
from portal.history import parse_day
from portal.store import Site

PARAMS = ("ngay", "as_of")


def as_of_view(site: Site, target_id: str, request: Request) -> dict[str, Any]:
    """Today's progress of a target, or, when the query names a past day, the progress computed
    from the figures public on that day (looked up in the timelines built when the build loaded).

    ``as_of_error`` holds the value given (cut short) when it is not a past or present day."""
    today = periods.today()
    view: dict[str, Any] = {"progress": site.progress.get(target_id), "as_of": None, "as_of_error": None,
                            "current_rows": site.current_rows, "known_rows": None, "signals": site.signals,
                            "timeline": site.timelines.get(target_id), "today": today}
    raw = next((request.query_params[p] for p in PARAMS if p in request.query_params), None)
    if raw is None or target_id not in site.timelines:
        return view
    day = parse_day(raw)
    if day is None or day > today:
        view["as_of_error"] = raw[:40]
        return view
    state = site.timelines[target_id].on(day)
    view.update(progress=state, as_of=day, current_rows=state.current_rows, known_rows=state.rows,
                signals=state.signals)
    return view
