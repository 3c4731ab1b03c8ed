"""What the sortable lists share: the links of the column heads (the column clicked
sorts, clicked again turns the order), the export links, and the filters and sort kept
in the URL, so a list can be bookmarked, shared and exported as it is shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tijdig.entrypoints.web.ui.workspace import Workspace
from tijdig.services.read_models.lists import Sort


@dataclass(frozen=True, slots=True)
class Sorting:
    """The sort of a list and the URL each column head and export link goes to."""

    sort: Sort
    urls: Mapping[str, str]
    exports: Mapping[str, str]

    def state(self, key: str) -> str:
        """The column's `aria-sort`."""
        if key != self.sort.key:
            return "none"
        return "descending" if self.sort.descending else "ascending"


def in_url(sort: Sort, default: Sort) -> dict[str, str]:
    """The sort's URL parameters; none for the list's default order."""
    if sort == default:
        return {}
    return {"sort": sort.key, "dir": "desc" if sort.descending else "asc"}


def sorting(
    ws: Workspace,
    route: str,
    filters: Mapping[str, Any],
    sort: Sort,
    *,
    offered: Sequence[str],
    default: Sort,
) -> Sorting:
    """Column heads keep the filters and start again on page 1; exports keep the sort."""
    urls = {}
    for key in offered:
        turned = Sort(key, not sort.descending) if key == sort.key else Sort(key)
        urls[key] = str(ws.url(route, query={**filters, **in_url(turned, default)}))
    here = {**filters, **in_url(sort, default)}
    exports = {fmt: str(ws.url(route, query={**here, "export": fmt})) for fmt in ("csv", "xlsx")}
    return Sorting(sort, urls, exports)
