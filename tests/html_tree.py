"""A small element tree from :mod:`html.parser`, for tests that read the report's HTML.

``parse(html)`` gives the document's root :class:`Node`; a node knows its tag,
attributes, children and text, and finds descendants by id, tag, class or attribute.
Script and style contents stay raw text, as a browser reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def text(self) -> str:
        """All the text inside, as it stands."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def words(self) -> str:
        """The text inside with runs of white space as one space, trimmed."""
        return " ".join(self.text.split())

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, test: Callable[[Node], bool] | None = None, **match: str) -> list[Node]:
        """Descendants that pass ``test`` and have the ``match`` attributes (``tag=``,
        ``class_=`` a class among theirs, others by attribute name, ``_`` for ``-``)."""
        found = []
        for node in self.walk():
            if test is not None and not test(node):
                continue
            if "tag" in match and node.tag != match["tag"]:
                continue
            if "class_" in match and match["class_"] not in node.classes:
                continue
            others = {
                k.replace("_", "-"): v for k, v in match.items() if k not in ("tag", "class_")
            }
            if all(node.attrs.get(name) == value for name, value in others.items()):
                found.append(node)
        return found

    def find(self, **match: str) -> Node:
        """The one descendant with ``match`` (fails when there is none or several)."""
        found = self.find_all(**match)
        assert len(found) == 1, f"{len(found)} elements match {match}"
        return found[0]

    def by_id(self, id_: str) -> Node:
        return self.find(id=id_)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
