"""Point labels that do not overlap, placed again each time the figure is drawn.

:func:`place_labels` adds one artist to an Axes holding the labels. When the figure is
drawn (on screen, by ``savefig`` at any size or dpi, after constrained layout has placed
the Axes) it places each label in turn, greedily: around its point on rings of growing
radius, it takes the first spot whose text box stays inside the Axes and overlaps no label
placed before, no other point and no other text of the Axes (the quadrant names); failing
that, the first spot clear of the other labels. A label set away from its point gets a
thin leader line. The boxes are those matplotlib itself reports
(``Text.get_window_extent``), so the rule is tested by the same measure.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["LABEL_GID", "place_labels"]

LABEL_GID = "cx-label"  # the gid of every point label (tests find the labels by it)
# Directions tried on each ring, in order of preference: up-right first (where labels are read).
_ANGLES = np.deg2rad([45, 0, -45, 90, -90, 135, 180, -135, 22.5, -22.5, 157.5, -157.5, 67.5, -67.5, 112.5, -112.5])


def place_labels(ax, x, y, names, *, marker_size=45.0, fontsize: float = 7.0):
    """Label the points (x, y) of ``ax`` with ``names``, no two labels overlapping (where the Axes has room).

    Parameters
    ----------
    ax : matplotlib Axes
    x, y : array-like
        The points, in data coordinates (points that are not finite get no label).
    names : sequence
        One label per point.
    marker_size : float or array-like, default 45
        The markers' area in points² (``scatter(s=...)``), one for all or one per point:
        labels keep clear of the markers.
    fontsize : float, default 7

    Returns
    -------
    matplotlib.artist.Artist
        The artist holding the labels (its children are the Text objects).
    """
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)]).reshape(-1, 2)
    sizes = np.broadcast_to(np.asarray(marker_size, dtype=float), (len(xy),))
    artist = _label_set()(ax, xy, [str(n) for n in names], np.nan_to_num(sizes, nan=0.0), fontsize)
    ax.add_artist(artist)
    return artist


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each box (rows x0, y0, x1, y1), whether it overlaps any of ``others``."""
    if len(others) == 0:
        return np.zeros(len(boxes), dtype=bool)
    b, o = boxes[:, None, :], others[None, :, :]
    return ((b[..., 0] < o[..., 2]) & (b[..., 2] > o[..., 0]) & (b[..., 1] < o[..., 3])
            & (b[..., 3] > o[..., 1])).any(axis=1)


def candidates(point: np.ndarray, w: float, h: float, gap: float, step: float, rings: int) -> np.ndarray:
    """Boxes (x0, y0, x1, y1) of a w x h label around ``point``, ring by ring, each direction in turn."""
    radii = gap + step * np.arange(rings)
    r = np.repeat(radii, len(_ANGLES))
    a = np.tile(_ANGLES, rings)
    cx = point[0] + np.cos(a) * (r + w / 2)
    cy = point[1] + np.sin(a) * (r + h / 2)
    return np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])


def choose(cands: np.ndarray, frame: np.ndarray, placed: np.ndarray, obstacles: np.ndarray) -> int:
    """The first candidate inside ``frame``, clear of the placed labels and the obstacles.

    Failing that, the first inside the frame clear of the labels; then the one overlapping
    the fewest labels.
    """
    inside = ((cands[:, 0] >= frame[0]) & (cands[:, 1] >= frame[1]) & (cands[:, 2] <= frame[2])
              & (cands[:, 3] <= frame[3]))
    free = inside & ~_overlaps(cands, placed)
    for ok in (free & ~_overlaps(cands, obstacles), free):
        if ok.any():
            return int(np.argmax(ok))
    if len(placed):
        b, o = cands[:, None, :], placed[None, :, :]
        hits = ((b[..., 0] < o[..., 2]) & (b[..., 2] > o[..., 0]) & (b[..., 1] < o[..., 3])
                & (b[..., 3] > o[..., 1])).sum(axis=1) + ~inside
        return int(np.argmin(hits))
    return int(np.argmax(inside)) if inside.any() else 0


def layout(ax, renderer, xy, marker, texts, lines) -> None:
    """Place ``texts`` beside the points ``xy`` (data coordinates) of ``ax`` for this draw; leader ``lines``."""
    pts = ax.transData.transform(xy)
    ok = np.isfinite(pts).all(axis=1) & np.isfinite(xy).all(axis=1)
    frame = np.asarray(ax.bbox.extents) + [2, 2, -2, -2]
    radius = np.sqrt(marker) / 2 * renderer.points_to_pixels(1.0) + 1
    dots = np.column_stack([pts - radius[:, None], pts + radius[:, None]])
    others = np.array([t.get_window_extent(renderer).extents for t in ax.texts
                       if t.get_visible() and t.get_text()]).reshape(-1, 4)
    placed = np.empty((0, 4))
    for i, (text, line) in enumerate(zip(texts, lines)):
        text.set_visible(bool(ok[i]))
        line.set_visible(False)
        if not ok[i]:
            continue
        text.set_position((0.0, 0.0))
        box = text.get_window_extent(renderer)
        w, h = box.width, box.height
        rings = int(max(frame[2] - frame[0], frame[3] - frame[1]) / max(h, 1.0)) + 2
        cands = candidates(pts[i], w, h, radius[i] + 1, max(h * 0.8, 2.0), rings)
        k = choose(cands, frame, placed, np.vstack([dots[ok & (np.arange(len(ok)) != i)], others]))
        x0, y0, x1, y1 = cands[k]
        # the text box reported at (0, 0) may start off the anchor (descent, padding): shift by that
        text.set_position((x0 - box.x0, y0 - box.y0))
        placed = np.vstack([placed, [x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5]])
        if k >= len(_ANGLES):  # not on the first ring: a leader line from the point to the label
            line.set_data([pts[i, 0], np.clip(pts[i, 0], x0, x1)], [pts[i, 1], np.clip(pts[i, 1], y0, y1)])
            line.set_visible(True)


@functools.cache
def _label_set():
    """The artist class, made when the first labels are drawn (matplotlib is imported then)."""
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.text import Text
    from matplotlib.transforms import IdentityTransform

    class LabelSet(Artist):
        """Labels of points, placed at draw time so they fit at any figure size and dpi."""

        zorder = 4

        def __init__(self, ax, xy, names, marker_size, fontsize):
            super().__init__()
            self._xy, self._marker = xy, marker_size
            self.texts = [Text(0, 0, n, fontsize=fontsize, ha="left", va="bottom", transform=IdentityTransform(),
                               gid=LABEL_GID, clip_on=False) for n in names]
            self.lines = [Line2D([], [], lw=0.5, color="#777777", transform=IdentityTransform()) for _ in names]
            for child in (*self.texts, *self.lines):
                child.set_figure(ax.figure)
                child.axes = ax
                child.set_in_layout(False)
            self.set_in_layout(False)

        def get_children(self):
            return [*self.texts, *self.lines]

        def draw(self, renderer):
            if not self.get_visible():
                return
            self._place(renderer)
            for child in (*self.lines, *self.texts):
                child.draw(renderer)
            self.stale = False

        def _place(self, renderer):
            layout(self.axes, renderer, self._xy, self._marker, self.texts, self.lines)

    return LabelSet
