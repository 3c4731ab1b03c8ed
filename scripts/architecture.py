"""Draw Tijdig's structure from the code: the packages and which imports which, as a
Mermaid diagram written into docs/architecture.md between its markers (`make architecture`).

The graph is read with grimp (the library import-linter checks the layers with), so the
picture is what the code imports, never drawn by hand. Boxes are the pure layers as a
whole and the packages one level below the outer layers (`services.collection`,
`adapters.db.views`, `entrypoints.web.api`, ...); an arrow A --> B means some module of A
imports some module of B. `--check` fails when the page is stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- diagram:begin -->", "<!-- diagram:end -->"
LAYERS = ("entrypoints", "bootstrap", "adapters", "services", "engine", "matching",
          "analytics", "domain")  # fmt: skip
TOP = {"clock", "config"}  # beside the layers: the edge's clock, the settings


PURE = {"domain", "engine", "matching", "analytics"}  # drawn as one box each
DEEPER = {("entrypoints", "web"), ("adapters", "db")}  # drawn one level further down


def box(module: str) -> str | None:
    """The box a module is drawn in: a pure layer as a whole; a package one level below
    `services`, `adapters` and `entrypoints` (two below for the web and the database)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "tijdig":
        return None
    if parts[1] in PURE or parts[1] in TOP or parts[1] == "bootstrap" or len(parts) == 2:
        return ".".join(parts[:2])
    if tuple(parts[1:3]) in DEEPER and len(parts) > 4:
        return ".".join(parts[:4])
    return ".".join(parts[:3])


def edges(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    found = set()
    for module in graph.modules:
        if not module.startswith("tijdig."):
            continue
        source = box(module)
        for imported in graph.find_modules_directly_imported_by(module):
            target = box(imported) if imported.startswith("tijdig.") else None
            if source and target and source != target:
                found.add((source, target))
    return found


def _node(name: str) -> str:
    return re.sub(r"\W", "_", name)


def _layer(name: str) -> str:
    part = name.split(".")[1]
    return part if part in LAYERS else "edge"


def _drawn(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """An outer package's arrows into the pure core are drawn once for its whole layer
    (every package there uses the domain): from the layer's subgraph to the core box."""
    drawn = set()
    for a, b in pairs:
        pure_target = b.split(".")[1] in PURE
        outer_source = _layer(a) not in PURE
        drawn.add((_layer(a), b) if pure_target and outer_source else (a, b))
    return drawn


def mermaid(pairs: set[tuple[str, str]]) -> str:
    """Subgraphs per layer, outermost first; one arrow per importing pair."""
    boxes = sorted({b for pair in pairs for b in pair})
    lines = ["```mermaid", "flowchart TD"]
    for layer in (*LAYERS, "edge"):
        members = [b for b in boxes if _layer(b) == layer]
        if not members:
            continue
        lines.append(f"  subgraph {layer}")
        lines += [f'    {_node(b)}["{b.removeprefix("tijdig.")}"]' for b in members]
        lines.append("  end")
    lines += [f"  {_node(a)} --> {_node(b)}" for a, b in sorted(_drawn(pairs))]
    lines.append("```")
    return "\n".join(lines)


def updated(page: str, diagram: str) -> str:
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    return f"{page[:start]}\n{diagram}\n{page[end:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the page is stale")
    args = parser.parse_args()
    graph = grimp.build_graph("tijdig", include_external_packages=False)
    page = PAGE.read_text(encoding="utf-8")
    new = updated(page, mermaid(edges(graph)))
    if args.check:
        if new != page:
            print(f"{PAGE} is stale: run `make architecture`", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    print(f"Wrote the diagram into {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
