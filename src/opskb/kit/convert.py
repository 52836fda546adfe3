"""MyST text notebooks -> plain ``.ipynb`` whose text cells are CommonMark.

A notebook in ``notebooks/`` is written for the site: labels (``(x)=``), roles
(``{ref}``, ``{doc}``, ``{term}``, ``{numref}``, ``{glue:text}``) and colon-fence directives.
Jupyter shows those as literal text, so the kit's copy is rewritten:

- a label line is dropped;
- ``{ref}``, ``{numref}``, ``{doc}`` and ``{term}`` become links to the same version of the
  site (its permanent base address), resolved through the site's ``objects.inv``;
- ``{glue:text}`` becomes the value the site shows, read from the executed notebook;
- an admonition becomes a quoted paragraph headed by its title (``> **Note.** ...``);
- anything else MyST (another role or directive, a target that does not resolve) raises
  :class:`ConversionError` naming the source file and line: it is never left as MyST text.

Code cells are kept as they are; the notebook has no outputs.
"""

from __future__ import annotations

import posixpath
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
from myst_nb.core.variables import format_plain_text
from nbformat import NotebookNode

ADMONITIONS = frozenset(
    {
        "admonition",
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "seealso",
        "tip",
        "warning",
    }
)
LINK_ROLES = frozenset({"ref", "numref", "doc", "term"})

_LABEL = re.compile(r"^\s*\([\w.:-]+\)=\s*$")
_ROLE = re.compile(r"\{(?P<role>[\w:+-]+)\}`(?P<body>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_COLON_FENCE = re.compile(
    r"^(?P<indent>\s*)(?P<colons>:{3,})(?:\{(?P<name>[\w:-]+)\})?(?P<arg>.*)$"
)
_BACKTICK_DIRECTIVE = re.compile(r"^\s*(`{3,}|~{3,})\{[\w:-]+\}")
_CODE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_OPTION = re.compile(r"^:[\w-]+:(\s.*)?$")
_GLUE_PREFIX = "application/papermill.record/"


class ConversionError(ValueError):
    """MyST that cannot become CommonMark; the message starts with ``file:line:``."""

    def __init__(self, source: Path, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line


@dataclass(frozen=True)
class Inventory:
    """The site's link targets: ``(domain:role, name) -> (address, title)``."""

    entries: Mapping[tuple[str, str], tuple[str, str]]
    base_url: str

    @classmethod
    def read(cls, objects_inv: Path, base_url: str) -> Inventory:
        """Parse a Sphinx ``objects.inv`` (version 2) from the built site."""
        data = objects_inv.read_bytes()
        lines = data.split(b"\n", 4)
        if lines[0].rstrip() != b"# Sphinx inventory version 2":
            raise ValueError(f"{objects_inv}: not a Sphinx inventory version 2")
        entries: dict[tuple[str, str], tuple[str, str]] = {}
        line = re.compile(r"(?x)(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")
        for text in zlib.decompress(lines[4]).decode().splitlines():
            match = line.fullmatch(text)
            if not match:
                continue
            name, kind, _priority, uri, title = match.groups()
            if uri.endswith("$"):
                uri = uri[:-1] + name
            entries[kind, name.lower() if kind == "std:term" else name] = (
                base_url + uri,
                name if title == "-" else title,
            )
        return cls(entries, base_url)

    def find(self, kind: str, name: str) -> tuple[str, str] | None:
        return self.entries.get((kind, name.lower() if kind == "std:term" else name))


@dataclass
class Context:
    """What one notebook's conversion needs besides its text."""

    source: Path
    docname: str  # the notebook's page, e.g. "notebooks/serving-cost"
    inventory: Inventory
    glued: Mapping[str, str] = field(default_factory=dict)  # key -> text/plain


def glued_values(executed: NotebookNode) -> dict[str, str]:
    """The ``text/plain`` of every value a notebook glued (shown or not)."""
    values = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if not name:
                continue
            for mime, value in output.get("data", {}).items():
                if mime.removeprefix(_GLUE_PREFIX) == "text/plain":
                    values[name] = value
    return values


def _link(role: str, body: str, context: Context, line: int) -> str:
    explicit = _EXPLICIT.match(body)
    text, target = (explicit["text"], explicit["target"]) if explicit else (None, body)
    target = target.strip()
    if role == "doc":
        docname = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(context.docname), target))
        )
        found = context.inventory.find("std:doc", docname)
    elif role == "term":
        found = context.inventory.find("std:term", target)
        text = text or target
    else:
        found = context.inventory.find("std:label", target)
    if found is None:
        raise ConversionError(
            context.source, line, f"{{{role}}}`{body}`: no such target in the site's inventory"
        )
    address, title = found
    return f"[{text or title}]({address})"


def _glue(body: str, context: Context, line: int) -> str:
    key, _, fmt_spec = body.partition(":")
    if key not in context.glued:
        raise ConversionError(
            context.source, line, f"{{glue:text}}`{body}`: the notebook glues no {key!r}"
        )
    return format_plain_text(context.glued[key], fmt_spec or "s")


def _roles(text: str, context: Context, line: int) -> str:
    def replace(match: re.Match[str]) -> str:
        role, body = match["role"], match["body"]
        if role in LINK_ROLES:
            return _link(role, body, context, line)
        if role in {"glue", "glue:text"}:
            return _glue(body, context, line)
        raise ConversionError(
            context.source, line, f"{{{role}}}`{body}`: the kit cannot turn this role into text"
        )

    return _ROLE.sub(replace, text)


def _title(name: str, argument: str) -> str:
    title = argument.strip() or name.capitalize()
    return title if title.endswith((".", "?", "!", ":")) else title + "."


def _colon_fence(raw: str, context: Context, number: int, stack: list[int], out: list[str]) -> bool:
    """Handle a ``:::`` line (an admonition opens or closes); False if ``raw`` is not one."""
    colon = _COLON_FENCE.match(raw)
    if not colon:
        return False
    if colon["name"]:
        name = colon["name"]
        if name not in ADMONITIONS:
            raise ConversionError(
                context.source, number, f"directive {{{name}}}: the kit has no plain form of it"
            )
        title = _roles(_title(name, colon["arg"]), context, number)
        out.append("> " * len(stack) + f"> **{title}**")
        stack.append(len(colon["colons"]))
        return True
    if stack and not colon["arg"].strip() and len(colon["colons"]) == stack[-1]:
        stack.pop()
        out.append("")
        return True
    raise ConversionError(context.source, number, f"unmatched fence {raw.strip()!r}")


def convert_markdown(text: str, context: Context, first_line: int) -> str:
    """One text cell, whose first line is line ``first_line`` of ``context.source``."""
    out: list[str] = []
    stack: list[int] = []  # the colon count of each open admonition
    in_code = ""  # the fence of the code block we are in
    for offset, raw in enumerate(text.split("\n")):
        number = first_line + offset
        quote = "> " * len(stack)
        if _BACKTICK_DIRECTIVE.match(raw) and not in_code:
            raise ConversionError(
                context.source, number, f"directive {raw.strip()!r} in a text cell"
            )
        fence = _CODE_FENCE.match(raw)
        if in_code or fence:
            if not in_code:
                in_code = fence.group(1)
            elif raw.strip() == in_code[0] * len(raw.strip()) and len(raw.strip()) >= len(in_code):
                in_code = ""
            out.append((quote + raw).rstrip())
        elif _LABEL.match(raw) or _colon_fence(raw, context, number, stack, out):
            continue
        elif stack and _OPTION.match(raw.strip()) and out[-1].startswith(quote + "**"):
            continue  # a directive option such as :class: has no plain form; dropped
        else:
            out.append((quote + _roles(raw, context, number)).rstrip())
    if stack:
        raise ConversionError(context.source, first_line, "an admonition is never closed")
    # The title and the first line of the body make one paragraph: "**Note.** body...".
    joined = "\n".join(out)
    return re.sub(r"(> \*\*[^\n]*\*\*)\n> (?=\S)", r"\1 ", joined).strip("\n")


def _source_lines(text: str, notebook: NotebookNode) -> Iterator[int]:
    """The 1-based line of ``text`` where each cell's source starts (searched in order)."""
    cursor = 0
    for cell in notebook.cells:
        source = cell.source
        head = source.split("\n", 1)[0]
        found = text.find(head, cursor) if head else -1
        if found < 0:
            yield text.count("\n", 0, cursor) + 1
            continue
        cursor = found
        yield text.count("\n", 0, found) + 1


def convert(context: Context) -> NotebookNode:
    """The plain ``.ipynb`` of ``context.source`` (a MyST text notebook), without outputs."""
    text = context.source.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    for cell, line in zip(notebook.cells, _source_lines(text, notebook), strict=True):
        if cell.cell_type == "markdown":
            cell.source = convert_markdown(cell.source, context, line)
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.cells = [c for c in notebook.cells if c.source.strip() or c.cell_type == "code"]
    kernelspec = notebook.metadata.get("kernelspec", {})
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": kernelspec, "language_info": {"name": "python"}}
    )
    return notebook


def myst_syntax(text: str) -> list[str]:
    """Every piece of MyST syntax left in a text cell (roles, labels, directives)."""
    found = [m.group(0) for m in _ROLE.finditer(text)]
    for line in text.split("\n"):
        directive = _BACKTICK_DIRECTIVE.match(line) or re.match(r"^\s*(>\s*)*:{3,}", line)
        if _LABEL.match(line) or directive:
            found.append(line.strip())
    return found
