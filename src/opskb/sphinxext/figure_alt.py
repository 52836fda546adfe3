"""Give every notebook figure its text alternative as the image's ``alt``.

A figure output carries two representations (see ``opskb.examples.display.FigurePNG``):
``image/png`` for the picture and ``text/plain`` for the words that describe it. myst-nb
shows the picture and drops the words, and without an ``alt`` the HTML writer falls back to
the image's file path, which is what a screen reader then reads out. Two places need fixing:

- On the notebook's own page, myst-nb keeps every representation of an output in a
  "mime bundle" until its ``SelectMimeType`` post-transform (priority 4) picks one. Before
  that (priority 3) the plain text is still next to the image: it becomes the image's alt.
- Where another page embeds the output (``{glue}`` with ``:doc:``), myst-nb's
  ``ReplacePendingGlueReferences`` (priority 5) builds a bare image from the glue cache.
  Before it (priority 4) each pending reference is wrapped in a marker carrying the alt
  read from that cache; after it (priority 6) the image inside takes the alt and the marker
  is removed.

An alt set explicitly (cell metadata ``mystnb: image: alt:``) is never overwritten, and a
default Python repr such as ``<IPython.core.display.Image object>`` is not a description,
so it is never used.

This leans on myst-nb's private post-transform priorities, so pyproject.toml pins myst-nb
to one minor release, and tests/unit/test_figure_alt.py fails loudly when an upgrade moves
them. The fix belongs upstream: myst-nb should use an output's ``text/plain`` as the alt of
the image it renders from the same bundle (on the notebook page and for glued images);
then this module can go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docutils import nodes
from myst_nb.ext.glue.crossref import ReplacePendingGlueReferences, read_glue_cache
from myst_nb.ext.glue.utils import PendingGlueReference
from myst_nb.sphinx_ import SelectMimeType
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from opskb.examples.display import FIGURE_SHOWN_WIDTH_PX

#: myst-nb's post-transforms that ours run around, and the priorities we were written for.
MYST_NB_PRIORITIES = {SelectMimeType: 4, ReplacePendingGlueReferences: 5}

#: The image types myst-nb turns into an ``<img>``.
IMAGE_MIME_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/svg+xml"})

# What Python prints for an object without a useful repr: <module.Class object at 0x...>,
# <Figure size 640x480 with 1 Axes>. Naming a type is not describing a picture.
_DEFAULT_REPR = re.compile(r"<[^<>]*>")


def alt_from_plain_text(text: str) -> str | None:
    """The alt text that an output's ``text/plain`` gives, or None if it describes nothing."""
    alt = " ".join(text.split())  # an attribute is read as one line
    if not alt or _DEFAULT_REPR.fullmatch(alt):
        return None
    return alt


def alt_for_glued_output(output: Mapping[str, Any]) -> str | None:
    """The alt text of a glue-cache entry (``{"data": {mime: ...}}``) that holds an image."""
    data = output.get("data", {})
    if not IMAGE_MIME_TYPES.intersection(data) or "text/plain" not in data:
        return None
    plain = data["text/plain"]
    # nbformat may store multi-line text as a list of lines.
    return alt_from_plain_text("".join(plain) if isinstance(plain, list) else plain)


#: The class of a notebook figure (styled in docs/_static/opskb.css).
FIGURE_CLASS = "opskb-figure"


def set_missing_alt(tree: nodes.Element, alt: str) -> int:
    """Give ``alt`` to every image in ``tree`` that has none; return how many changed.

    Each such image is also shown at the width it is drawn for, which makes Sphinx's HTML
    builder wrap it in a link to the full-size file (``html_scaled_image_link``): a tap, a
    click or Enter on the focused link opens the figure full size.
    """
    changed = 0
    for image in tree.findall(nodes.image):
        if not image.get("alt"):
            image["alt"] = alt
            changed += 1
            if not any(key in image for key in ("scale", "width", "height")):
                image["width"] = f"{FIGURE_SHOWN_WIDTH_PX}px"
            image["classes"].append(FIGURE_CLASS)
    return changed


def _is_mime_bundle(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


def apply_mime_bundle_alt(bundle: nodes.Element) -> int:
    """Copy a bundle's ``text/plain`` to the alt of the images in its image representations."""
    by_type = {child.get("mime_type"): child for child in bundle.children}
    plain = by_type.get("text/plain")
    alt = alt_from_plain_text(plain.astext()) if plain is not None else None
    if alt is None:
        return 0
    return sum(
        set_missing_alt(child, alt)
        for mime_type, child in by_type.items()
        if mime_type in IMAGE_MIME_TYPES
    )


class GluedFigureAlt(nodes.General, nodes.Element):
    """Marker around a pending cross-page glue reference: the alt its image will take.

    It lives only between priorities 4 and 6 of the post-transforms; no writer sees it.
    """


class AltFromMimeBundle(SphinxPostTransform):
    """Notebook pages: the output's plain text becomes its image's alt."""

    default_priority = 3  # before myst-nb's SelectMimeType (4) drops the plain text

    def run(self, **kwargs: Any) -> None:
        for bundle in list(self.document.findall(_is_mime_bundle)):
            apply_mime_bundle_alt(bundle)


class MarkGluedFigures(SphinxPostTransform):
    """Pages embedding a notebook output: note the alt before the image is built."""

    default_priority = 4  # before myst-nb's ReplacePendingGlueReferences (5)

    def run(self, **kwargs: Any) -> None:
        pending_references = list(self.document.findall(PendingGlueReference))
        if not pending_references:  # also on sites that do not load myst-nb at all
            return
        cache_folder = self.env.mystnb_config.output_folder
        for pending in pending_references:
            if pending.gtype == "text":  # {glue:text} is formatted text, never an image
                continue
            output = read_glue_cache(cache_folder, pending.refdoc).get(pending.key)
            alt = alt_for_glued_output(output) if output is not None else None
            if alt is None:
                continue
            marker = GluedFigureAlt(alt=alt)
            pending.replace_self(marker)
            marker.append(pending)


class ApplyGluedFigureAlt(SphinxPostTransform):
    """Give the embedded images their alt and remove the markers."""

    default_priority = 6  # after myst-nb's ReplacePendingGlueReferences (5)

    def run(self, **kwargs: Any) -> None:
        for marker in list(self.document.findall(GluedFigureAlt)):
            set_missing_alt(marker, marker["alt"])
            if marker.children:
                marker.replace_self(list(marker.children))
            else:  # myst-nb dropped the reference (and warned): nothing to keep
                marker.parent.remove(marker)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(GluedFigureAlt)
    app.add_post_transform(AltFromMimeBundle)
    app.add_post_transform(MarkGluedFigures)
    app.add_post_transform(ApplyGluedFigureAlt)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
