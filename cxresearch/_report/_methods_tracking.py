"""The method paragraphs and references of the tracking room's results (merged into ``_methods.METHODS``).

Each tracking result class adds one entry here: the keyword fields of a ``Method`` (``heading``, ``text``,
``references`` and optionally ``kinds``), keyed by its class name, so that ``cx.report``
and ``to_excel`` describe what was computed and cite where it comes from.
"""

from __future__ import annotations

TRACKING_METHODS: dict[str, dict] = {}
