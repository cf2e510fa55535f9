"""Expectation management: the zone of tolerance, and the promise to make.

Satisfaction is experience measured against expectation, and a manager can work on both
sides. This module asks two questions of that expectation side:

* :func:`tolerance` - where does service stand against what customers find adequate and
  what they desire (the zone of tolerance, Parasuraman, Zeithaml & Berry 1994, in the
  three-column format LibQUAL+ uses), and how far do customers' own standards differ?
* :func:`promise` - when customers are told a promise (a wait, a delivery date) and then
  get what is delivered, which promise maximises expected satisfaction given how
  delivery varies (asymmetric disconfirmation: Anderson & Sullivan 1993; Kopalle &
  Lehmann 2006)?
* :func:`wait_perception` - how much longer do waits feel than they are, and do long waits
  feel relatively longer or shorter (the geometric-mean ratio of perceived to actual waits
  and the log-log slope; Maister 1985)?

Both aggregate first: the zone statistics are weighted sums per segment, and the promise
curve is read from the cumulative sums of the sorted deliveries.
"""

from cxresearch.expectation._promise import promise
from cxresearch.expectation._results import PromiseResult, ToleranceResult
from cxresearch.expectation._tolerance import tolerance
from cxresearch.expectation._wait import wait_perception
from cxresearch.expectation._wait_result import WaitPerceptionResult

__all__ = ["PromiseResult", "ToleranceResult", "WaitPerceptionResult", "promise", "tolerance", "wait_perception"]
