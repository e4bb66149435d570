"""The dyads as GraphML, which networkx, igraph and Gephi read without code.

A directed multigraph: one node per region (id: its adcode, or ``n:`` and its name), with
``name``, ``adcode`` and ``level``; one edge per event and destination, origin → destination,
with the event id, start date, lead's title, topic domains and number of sources.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path

from extract.events.consensus import Event

NS = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = (("name", "string"), ("adcode", "string"), ("level", "string"))
EDGE_KEYS = (
    ("event_id", "string"),
    ("start_date", "string"),
    ("lead_title", "string"),
    ("topic_domains", "string"),
    ("n_sources", "int"),
)


def _keys(root: ET.Element) -> None:
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            attrs = {"id": f"{scope[0]}_{name}", "for": scope}
            ET.SubElement(root, "key", attrs | {"attr.name": name, "attr.type": kind})


def _data(parent: ET.Element, key: str, value: object) -> None:
    if value not in (None, ""):
        ET.SubElement(parent, "data", {"key": key}).text = str(value)


def _node(graph: ET.Element, seen: set[str], node_id: str, attrs: Mapping[str, object]) -> None:
    if node_id in seen:
        return
    seen.add(node_id)
    node = ET.SubElement(graph, "node", {"id": node_id})
    for name, value in attrs.items():
        _data(node, f"n_{name}", value)


def build_graph(events: Iterable[Event]) -> ET.ElementTree:
    root = ET.Element("graphml", {"xmlns": NS})
    _keys(root)
    graph = ET.SubElement(root, "graph", {"id": "visits", "edgedefault": "directed"})
    seen: set[str] = set()
    n = 0
    for event in events:
        origin = event.origin
        _node(
            graph,
            seen,
            origin.key,
            {"name": origin.name, "adcode": origin.code} | {"level": origin.level},
        )
        for d in event.destinations:
            target = d.attrs.get("key") or d.name
            _node(
                graph,
                seen,
                target,
                {"name": d.name, "adcode": d.attrs.get("adcode")} | {"level": d.attrs.get("level")},
            )
            edge = ET.SubElement(graph, "edge", {"id": f"e{n}", "source": origin.key})
            edge.set("target", target)
            n += 1
            for name, value in (
                ("event_id", event.event_id),
                ("start_date", event.fields["start_date"].value),
                ("lead_title", event.fields["lead_title"].value),
                ("topic_domains", ";".join(t.name for t in event.topics)),
                ("n_sources", len(event.sources)),
            ):
                _data(edge, f"e_{name}", value)
    return ET.ElementTree(root)


def write_graphml(events: Iterable[Event], path: Path) -> None:
    tree = build_graph(events)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
