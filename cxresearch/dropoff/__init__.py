"""Drop-off detection: attributes sliding attractive -> one-dimensional -> must-be over waves.

Quality attributes have a life cycle (Kano 2001; Nilsson-Witell & Fundin 2005; Löfgren,
Witell & Gustafsson 2011): what delights today (A) becomes expected (O) and then taken
for granted (M). From repeated survey waves, :func:`detect` says which attributes are
moving, in which direction, since when, how fast, and how sure we are; :func:`power`
says how many respondents per wave a study needs. Everything is computed from the count
table attribute x [group] x wave x category, so millions of answers cost one counting
pass; the models are fitted for all attributes at once. :func:`from_ratings` asks the same
questions of ordinary ratings over time (penalty and reward drifting from excitement to
basic), from per-period sums of the rows.
"""

from cxresearch.dropoff._detect import detect
from cxresearch.dropoff._from_ratings import from_ratings
from cxresearch.dropoff._power import power
from cxresearch.dropoff._rating_result import RatingDriftResult
from cxresearch.dropoff._result import DropoffResult, PowerResult

__all__ = ["DropoffResult", "PowerResult", "RatingDriftResult", "detect", "from_ratings", "power"]
