"""Tracking and the management loop: KPIs over waves, control limits, value and cost to serve, actions, recovery.

Measuring satisfaction once is not managing it. The case texts behind cxresearch end in a
loop: set goals, watch the numbers wave after wave, tell a real move from noise, match the
cost of service to what each customer tier is worth, prove that an action worked, and win
back the customers whose problem was handled. This module holds the tools for that loop.
"""

from cxresearch.tracking._control import control_chart
from cxresearch.tracking._control_results import ControlChartResult
from cxresearch.tracking._kpi import kpi
from cxresearch.tracking._kpi_results import KPIResult
from cxresearch.tracking._recovery import recovery
from cxresearch.tracking._recovery_result import RecoveryResult
from cxresearch.tracking._value import value_segments
from cxresearch.tracking._value_result import ValueSegmentsResult
from cxresearch.tracking._effect import action_effect
from cxresearch.tracking._effect_result import ActionEffectResult

__all__ = ["ActionEffectResult", "ControlChartResult", "KPIResult", "RecoveryResult", "ValueSegmentsResult",
           "action_effect", "control_chart", "kpi", "recovery", "value_segments"]
