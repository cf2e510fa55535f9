"""``cx.report``: hand results over as one self-contained HTML file (figures, tables, methods)."""

from cxresearch._report._write import report

__all__ = ["report"]
