"""Write ``retail_cem``: the electronics-chain case of the seven-step customer-experience method.

Run from ``scripts/datasets``: ``python make_retail_cem.py``.
"""

from __future__ import annotations

import pandas as pd
from _common import write

ROWS = [  # attribute, experience, expectation, importance, ideal
    ("product", 6, 7, 5, 6),
    ("service", 6, 6, 5, 6),
    ("price", 7, 7, 5, 7),
    ("convenience", 5, 7, 9, 10),
    ("relationship", 4, 4, 5, 4),
    ("brand_image", 7, 7, 5, 7),
]

CARD = """
# retail_cem

**What.** The worked example of the seven-step customer-experience-management method: an electronics chain
with four shops on one street compares customers' experience of six attributes with their expectations,
weights the gaps by importance and sets an ideal (target) level.

**Columns.** `attribute`; `experience`, `expectation`, `importance` and `ideal`, on a 10-point scale.

**Source.** Transcribed from the worked retail case as stated in the project's issue tracker (issue 4): experience
product 6, service 6, price 7, convenience 5, relationship 4, brand image 7; expectation 7, 6, 7, 7, 4, 7;
importance of convenience 9, the others lower; ideal convenience 10, the others equal to today's experience.
**The case gives no number for the other importances**: they are set to 5 here and marked as such; every
published result of the case (convenience gap -2, product -1, others 0; weighted gap of convenience -18, the top
priority; ideal gap of convenience -5) holds for any importance below 9.

**How it was made.** `scripts/datasets/make_retail_cem.py` writes the table above; nothing is random.

**Licence.** CC0-1.0 for this transcription (the figures are facts of a worked example).
"""


def main() -> None:
    df = pd.DataFrame(ROWS, columns=["attribute", "experience", "expectation", "importance", "ideal"])
    write("retail_cem", df, "Seven-step customer-experience case: an electronics chain's gaps",
          "worked example of the seven-step CEM method (transcribed; see data card)", CARD,
          licence="CC0-1.0 (transcription)")


if __name__ == "__main__":
    main()
