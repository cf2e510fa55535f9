"""What each result class did, in plain words, with its references and the figures a report shows.

One entry per public result class (``tests/test_report.py`` checks that none is missing). The
texts are written for the manager who reads the report, not for the analyst: what the method
asks, how it answers, and how to read the numbers. The formulas are in the functions' docstrings.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxresearch._report._methods_tracking import TRACKING_METHODS

__all__ = ["METHODS", "Method", "method_of"]


@dataclass(frozen=True)
class Method:
    """A result class's method: a heading, the text, the references and the plot kinds to show."""

    heading: str
    text: str
    references: tuple[str, ...]
    kinds: tuple[str | None, ...] = (None,)  # None: the result's default plot


KANO_1984 = ("Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive quality and must-be quality. "
             "Journal of the Japanese Society for Quality Control 14(2), 39-48.")
BERGER_1993 = ("Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality. Center for "
               "Quality Management Journal 2(4), 3-36.")
KANO_2001 = "Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference, Linköping."
NILSSON_WITELL = ("Nilsson-Witell, L., & Fundin, A. (2005). Dynamics of service attributes: a test of Kano's theory "
                  "of attractive quality. International Journal of Service Industry Management 16(2), 152-168.")
LOFGREN = ("Löfgren, M., Witell, L., & Gustafsson, A. (2011). Theory of attractive quality and life cycles of "
           "quality attributes. The TQM Journal 23(2), 235-246.")
AGRESTI = "Agresti, A. (2010). Analysis of Ordinal Categorical Data (2nd ed.). Wiley."
HOLM = ("Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of "
        "Statistics 6(2), 65-70.")
KISH = "Kish, L. (1965). Survey Sampling. Wiley."
BRANDT = ("Brandt, D. R. (1987). A procedure for identifying value-enhancing service components using customer "
          "satisfaction survey data. In Add Value to Your Service, American Marketing Association, 61-65.")
MATZLER = ("Matzler, K., & Sauerwein, E. (2002). The factor structure of customer satisfaction. International "
           "Journal of Service Industry Management 13(4), 314-332.")
MIKULIC = ("Mikulić, J., & Prebežac, D. (2008). Prioritizing improvement of service attributes using impact "
           "range-performance analysis and impact-asymmetry analysis. Managing Service Quality 18(6), 559-576.")
JOHNSON = ("Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor variables "
           "in multiple regression. Multivariate Behavioral Research 35, 1-19.")
KAHNEMAN = ("Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When more pain is "
            "preferred to less: adding a better end. Psychological Science 4, 401-405.")
REDELMEIER = ("Redelmeier, D. A., & Kahneman, D. (1996). Patients' memories of painful medical treatments. "
              "Pain 66, 3-8.")
PZB_1994 = ("Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1994). Alternative scales for measuring service "
            "quality: a comparative assessment based on psychometric and diagnostic criteria. Journal of "
            "Retailing 70(3), 201-230.")
SERVQUAL = ("Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: a multiple-item scale for "
            "measuring consumer perceptions of service quality. Journal of Retailing 64(1), 12-40.")

_KANO = Method(
    "Kano analysis and Better / Worse",
    "Each respondent answered two questions per attribute: how they would feel if the service had it "
    "(functional) and if it did not (dysfunctional). The pair of answers puts the attribute, for that "
    "respondent, in one category of the Kano evaluation table: attractive (A: delights when present, no "
    "harm when absent), one-dimensional (O: the more the better), must-be (M: taken for granted, its absence "
    "dissatisfies), indifferent (I), reverse (R: the respondent prefers it absent) or questionable (Q: "
    "contradictory answers). An attribute's category is the one most respondents gave; Fong's test says "
    "whether it is clearly ahead of the runner-up, and the category strength is its lead in share points. "
    "Better = (A+O)/(A+O+M+I) is how far satisfaction rises when the attribute is offered, Worse = "
    "-(O+M)/(A+O+M+I) how far it falls when it is not; their intervals are Wilson intervals from the counts. "
    "With survey weights, counts are sums of weights and intervals use Kish's effective sample size.",
    (KANO_1984, BERGER_1993, "Fong, D. (1996). Using the self-stated importance questionnaire to interpret "
     "Kano questionnaire results. Center for Quality Management Journal 5(3), 21-24.",
     "Lee, M. C., & Newcomb, J. F. (1997). Applying the Kano methodology to meet customer requirements: NASA's "
     "microgravity science program. Quality Management Journal 4(3), 95-110.", KISH),
    (None, "shares"))
_DROPOFF = Method(
    "Drop-off of attractive quality over survey waves",
    "Attributes age: what delights customers today (attractive) tends to become expected later "
    "(one-dimensional, then must-be). For each attribute, the answers' positions along attractive < "
    "one-dimensional < must-be are modelled over the waves with an ordinal (proportional-odds) logistic "
    "model; the likelihood-ratio test of the time trend gives the p-value, adjusted across attributes, and "
    "the odds ratio per time unit is the size of the move. A scan over the waves finds where the category "
    "mix changed most (the change point, adjusted for the number of waves scanned), and straight lines "
    "through each category's share forecast when must-be will lead. Indifferent, reverse and questionable "
    "answers stay in the shares but not in the trend model.",
    (KANO_2001, NILSSON_WITELL, LOFGREN, AGRESTI, HOLM, KISH),
    (None, "arrows"))
_POWER = Method(
    "Power of a drop-off study",
    "How many respondents per wave a drop-off study needs. Surveys are simulated from a first wave's "
    "category mix and a given drift from attractive toward one-dimensional and must-be; each simulated "
    "survey is analysed with the same trend test as the drop-off analysis, and the power is the share of "
    "simulated surveys in which the drop-off is found, with a Wilson interval.",
    (KANO_2001, AGRESTI))
_RATING_DRIFT = Method(
    "Drift of penalties and rewards over time",
    "The rating-scale counterpart of the Kano drop-off. In each period, an attribute's low and high ratings "
    "are coded as two indicators and overall satisfaction is regressed on them (with one intercept per "
    "period): the penalty is what a low rating costs in overall satisfaction, the reward what a high rating "
    "adds. Both may change steadily over time; an attribute whose reward fades while its penalty grows moves "
    "from excitement toward basic factor. The trend is tested with heteroskedasticity-robust errors, "
    "p-values are adjusted across attributes, and a scan over the periods looks for a step change.",
    (BRANDT, MATZLER, KANO_2001, "White, H. (1980). A heteroskedasticity-consistent covariance matrix "
     "estimator and a direct test for heteroskedasticity. Econometrica 48(4), 817-838.", HOLM),
    (None, "arrows"))
_GAP = Method(
    "Gap analysis (experience minus expectation)",
    "For each attribute, the mean gap between what customers experienced and what they expected: a "
    "negative gap means experience falls short. Weighting the gap by the attribute's importance ranks where "
    "the shortfall hurts most; where an ideal level is given, its gap shows how far today's experience is "
    "from the level the firm aims for. Intervals are t intervals of the mean gap (with survey weights, on "
    "Kish's effective sample size).",
    (SERVQUAL, KISH))
_DRIVERS = Method(
    "Derived importance (key drivers)",
    "Which attributes move overall satisfaction, when the attributes are correlated with one another? The "
    "overall rating is explained by the attribute ratings, and the share of its variation explained (R²) is "
    "split among the attributes so that the parts add up to R². Relative weights (Johnson) and Shapley "
    "values (the R² an attribute adds, averaged over every order in which attributes can enter the model) "
    "are the two ways of splitting; standardised regression coefficients are shown beside them. Everything "
    "is computed from the correlations of the rows used; with survey weights from weighted correlations and "
    "Kish's effective sample size. For a yes/no outcome the model is a logistic regression and the weights "
    "are logistic relative weights; for an ordered outcome (1-5) a proportional-odds model, whose "
    "McKelvey-Zavoina R² (the explained share of the latent satisfaction) is split the same two ways. "
    "With Shapley values, dominance analysis adds the R² each attribute adds "
    "at each model size (conditional dominance) and whether it adds more than another in every model "
    "(complete dominance). Correlated items can be grouped into named sets, a category (branch type, "
    "channel) enters as one driver, and covariates can be held in every model.",
    (JOHNSON, "Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to Bivariate and "
     "Multivariate Analysis. Scott, Foresman.", "Grömping, U. (2007). Estimators of relative importance in "
     "linear regression based on variance decomposition. The American Statistician 61, 139-147.",
     "Tonidandel, S., & LeBreton, J. M. (2010). Determining the relative importance of predictors in logistic "
     "regression: an extension of relative weight analysis. Organizational Research Methods 13(4), 767-781.",
     "Budescu, D. V. (1993). Dominance analysis: a new approach to the problem of relative importance of "
     "predictors in multiple regression. Psychological Bulletin 114(3), 542-551.",
     "McKelvey, R. D., & Zavoina, W. (1975). A statistical model for the analysis of ordinal level dependent "
     "variables. Journal of Mathematical Sociology 4(1), 103-120.", KISH))
_IPA = Method(
    "Importance-performance analysis",
    "Each attribute is placed by how important it is (derived from the ratings) and how well it performs "
    "(its mean rating). Lines at the mean (or median, as the settings say) importance and performance divide "
    "the grid into four "
    "quadrants: concentrate here (important, performing poorly), keep up the good work (important, "
    "performing well), low priority, and possible overkill (performing well where it matters little).",
    ("Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of Marketing 41(1), "
     "77-79.", JOHNSON))
_PENALTY = Method(
    "Penalty-reward contrast analysis",
    "Each attribute's ratings are coded into a low band and a high band (the middle is the reference) and "
    "overall satisfaction is regressed on these indicators. The penalty is the drop in overall "
    "satisfaction that comes with a low rating, the reward the rise that comes with a high one. An attribute "
    "whose penalty clearly outweighs its reward is a basic factor (its absence hurts, its presence is taken "
    "for granted); one whose reward outweighs its penalty is an excitement factor; one with both is a "
    "performance factor. The asymmetry threshold used is listed in the settings.",
    (BRANDT, MATZLER, MIKULIC),
    (None, "asymmetry"))
_SURFACE = Method(
    "Response surface: is satisfaction experience minus expectation?",
    "Instead of computing the difference score experience - expectation and correlating it with satisfaction, "
    "overall satisfaction is regressed on experience, expectation, their squares and their product. The "
    "fitted surface is read along the line where experience equals expectation and along the line where "
    "they differ most; the difference-score model is one special case of the surface and is tested against "
    "it. If it is rejected, the simple gap hides how the levels of experience and expectation matter.",
    ("Edwards, J. R., & Parry, M. E. (1993). On the use of polynomial regression equations as an alternative "
     "to difference scores in organizational research. Academy of Management Journal 36, 1577-1613.",
     "Edwards, J. R. (1994). The study of congruence in organizational behavior research. Organizational "
     "Behavior and Human Decision Processes 58, 51-100."))
_DECOMPOSE = Method(
    "Decomposition of a difference in satisfaction between two groups",
    "Why is one group more satisfied than another? The Blinder-Oaxaca decomposition splits the difference in "
    "mean satisfaction into a part explained by the groups' different experience and expectation levels "
    "(endowments) and a part due to the different weight those ratings carry in each group's satisfaction "
    "(coefficients); the parts add up to the difference. Where resamples were asked for, intervals come from "
    "the bootstrap (respondents resampled within groups).",
    ("Blinder, A. S. (1973). Wage discrimination: reduced form and structural estimates. Journal of Human "
     "Resources 8, 436-455.", "Oaxaca, R. (1973). Male-female wage differentials in urban labor markets. "
     "International Economic Review 14, 693-709.", "Neumark, D. (1988). Employers' discriminatory behavior "
     "and the estimation of wage discrimination. Journal of Human Resources 23, 279-295.",
     "Jann, B. (2008). The Blinder-Oaxaca decomposition for linear regression models. The Stata Journal "
     "8(4), 453-479."))
_PEAK_END = Method(
    "Peak-end analysis of remembered journeys",
    "Is a visit remembered by its average, its best or worst moment, or its end? The rating given after the "
    "journey is regressed on features of the step-by-step ratings (first, mean, peak, trough, end, number "
    "of steps), and models with and without the peak and the end are compared by how well they fit.",
    (KAHNEMAN, REDELMEIER),
    (None,))
_FEATURES = Method(
    "Journey features",
    "For each journey, the features of its step-by-step ratings that memory is known to weigh: the first, "
    "the best (peak), the worst (trough) and the last (end) rating, the mean and the length, beside the "
    "rating given afterwards. They are the inputs of the peak-end analysis.",
    (KAHNEMAN, REDELMEIER))
_TOUCHPOINTS = Method(
    "Touchpoints and moments of truth",
    "For each touchpoint of the journey and each segment: mean experience, mean expectation and their gap "
    "(experience minus expectation) with an interval, and the shares of customers pained (gap far below "
    "zero) or delighted (far above). With an overall rating, each touchpoint's importance is derived from "
    "how its gap relates to overall satisfaction (relative weights). A touchpoint is a moment of truth in a "
    "segment when its gap is clearly below (negative) or above (positive) zero, at least a set number of "
    "scale points, and among the segment's most important touchpoints. Segments are compared with Welch's "
    "test, adjusted across touchpoints.",
    ("Carlzon, J. (1987). Moments of Truth. Ballinger.", SERVQUAL, JOHNSON,
     "Welch, B. L. (1947). The generalization of 'Student's' problem when several different population "
     "variances are involved. Biometrika 34, 28-35.", HOLM),
    (None, "heatmap"))
_VISITS = Method(
    "Moments of truth in step-rated visits",
    "From visits rated step by step: how often each touchpoint is a visit's best moment (peak), worst moment "
    "(trough) or end, and its memory weight, that is how much one more point at the touchpoint moves the "
    "rating given afterwards, according to the peak-end model fitted to the visits.",
    (KAHNEMAN, REDELMEIER))
_TOLERANCE = Method(
    "Zones of tolerance",
    "Each customer gave, per attribute, the adequate (minimum acceptable) and the desired level of service "
    "beside the service perceived. Between the two lies the customer's zone of tolerance: below the adequate "
    "level the customer is failed, above the desired level delighted. The measure of service adequacy (MSA "
    "= perceived - adequate) and of service superiority (MSS = perceived - desired) are shown with paired t "
    "intervals (turned round for measures where less is better, such as waits), and the shares failed, "
    "inside and delighted with Wilson intervals.",
    (PZB_1994, "Zeithaml, V. A., Berry, L. L., & Parasuraman, A. (1993). The nature and determinants of "
     "customer expectations of service. Journal of the Academy of Marketing Science 21(1), 1-12.", KISH))
_PROMISE = Method(
    "The promise to make",
    "What should be promised (say, the waiting time announced) when delivery varies? Satisfaction is "
    "modelled as depending on the promise itself, on how far delivery beat the promise (gain) and on how far "
    "it fell short (loss), with heteroskedasticity-robust errors. A broken promise usually costs more than a "
    "kept one earns, so the best promise is not the average delivery but one that is kept a given share of "
    "the time; the expected satisfaction of each candidate promise is computed over the delivery observed.",
    ("Anderson, E. W., & Sullivan, M. W. (1993). The antecedents and consequences of customer satisfaction "
     "for firms. Marketing Science 12(2), 125-143.", "Kopalle, P. K., & Lehmann, D. R. (2006). Setting "
     "quality expectations when entry is possible. Management Science 52(8), 1208-1220."))

_WAITS = Method(
    "Waits as customers feel them",
    "Each customer's actual wait is set beside the wait they say they had. The ratio of the two is summarised "
    "by its geometric mean (the mean of the log ratios, turned back), with a t interval: a ratio of 1.3 means "
    "waits feel 30 % longer than they are. The slope of log perceived on log actual wait says whether long "
    "waits feel relatively longer (slope above 1) or relatively shorter (below 1) than short ones. Segments "
    "or conditions are compared by Welch's t tests on the log ratios and on the slopes.",
    ("Maister, D. H. (1985). The psychology of waiting lines. In J. A. Czepiel, M. R. Solomon & C. F. "
     "Surprenant (Eds.), The Service Encounter (pp. 113-123). Lexington Books.",
     "Stevens, S. S. (1957). On the psychophysical law. Psychological Review, 64(3), 153-181."))

METHODS: dict[str, Method] = {
    "KanoResult": _KANO, "DropoffResult": _DROPOFF, "PowerResult": _POWER, "RatingDriftResult": _RATING_DRIFT,
    "GapResult": _GAP, "DriversResult": _DRIVERS, "IPAResult": _IPA, "PenaltyRewardResult": _PENALTY,
    "SurfaceResult": _SURFACE, "DecompositionResult": _DECOMPOSE, "PeakEndResult": _PEAK_END,
    "JourneyFeaturesResult": _FEATURES, "TouchpointResult": _TOUCHPOINTS, "VisitMomentsResult": _VISITS,
    "ToleranceResult": _TOLERANCE, "PromiseResult": _PROMISE, "WaitPerceptionResult": _WAITS,
    **{name: Method(**fields) for name, fields in TRACKING_METHODS.items()},
}


def method_of(result: object) -> Method:
    """The method of a result (by its class or a base class), or a generic one from its docstring."""
    for cls in type(result).__mro__:
        if cls.__name__ in METHODS:
            return METHODS[cls.__name__]
    doc = (type(result).__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return Method(getattr(result, "_title", type(result).__name__), doc or "See the function's documentation.", ())
