"""Sizes of the embeddable widget: what an oEmbed consumer is told, with no resize script."""

from __future__ import annotations

from dataclasses import dataclass

WIDGET_WIDTH = 480


@dataclass(frozen=True)
class Size:
    """A widget variant: the narrowest width it is laid out for, and the height it needs there."""

    min_width: int
    height: int


# Heights measured with benchmarks/widget_heights.py (the tallest target, vi and en, JavaScript
# off, at min_width in Chromium) plus a margin for wider fonts. Hosts may narrow the iframe
# (max-width:100%) down to min_width; extra height at wider sizes goes above the source line.
SIZES = {"full": Size(min_width=280, height=540), "compact": Size(min_width=260, height=390)}


def declared_height(compact: bool, width: int) -> int | None:
    """The iframe height for a variant at a width; None when the width is below its narrowest."""
    size = SIZES["compact" if compact else "full"]
    return size.height if width >= size.min_width else None


def choose_size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int, bool] | None:
    """(width, height, compact) of the widget that fits the consumer's maxima, or None when even
    the smallest does not (oEmbed then answers 404). The full widget when it fits, else compact."""
    width = min(WIDGET_WIDTH, maxwidth) if maxwidth else WIDGET_WIDTH
    for compact in (False, True):
        height = declared_height(compact, width)
        if height is not None and (maxheight is None or height <= maxheight):
            return width, height, compact
    return None
