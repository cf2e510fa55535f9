"""The works a result's method rests on, cited once here and by key in the result classes.

A result class lists its references as ``_references = cite("Berger et al. 1993", ...)``;
``to_excel`` writes them on the ``method`` sheet. The same works are listed, with the
formulas, in ``docs/methods.md``.
"""

from __future__ import annotations

CITATIONS = {
    "Agresti 2010": "Agresti, A. (2010). Analysis of Ordinal Categorical Data (2nd ed.). Wiley.",
    "Anderson & Sullivan 1993": "Anderson, E. W., & Sullivan, M. W. (1993). The antecedents and consequences of "
                                "customer satisfaction for firms. Marketing Science, 12(2), 125-143.",
    "Azen & Budescu 2003": "Azen, R., & Budescu, D. V. (2003). The dominance analysis approach for comparing "
                           "predictors in multiple regression. Psychological Methods, 8(2), 129-148.",
    "Berger et al. 1993": "Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality. "
                          "Center for Quality Management Journal, 2(4), 3-36.",
    "Bertrand et al. 2004": "Bertrand, M., Duflo, E., & Mullainathan, S. (2004). How much should we trust "
                            "differences-in-differences estimates? Quarterly Journal of Economics, 119(1), 249-275.",
    "Blinder 1973": "Blinder, A. S. (1973). Wage discrimination: reduced form and structural estimates. "
                    "Journal of Human Resources, 8, 436-455.",
    "Brandt 1987": "Brandt, D. R. (1987). A procedure for identifying value-enhancing service components using "
                   "customer satisfaction survey data. In Add Value to Your Service, AMA, 61-65.",
    "Cameron & Miller 2015": "Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust "
                             "inference. Journal of Human Resources, 50(2), 317-372.",
    "Budescu 1993": "Budescu, D. V. (1993). Dominance analysis: a new approach to the problem of relative "
                    "importance of predictors in multiple regression. Psychological Bulletin, 114(3), 542-551.",
    "DuMouchel 1993": "DuMouchel, W. (1993). Thoughts on graphical and continuous analysis. Center for Quality "
                      "Management Journal, 2(4) (in the issue of Berger et al. 1993).",
    "Edwards & Parry 1993": "Edwards, J. R., & Parry, M. E. (1993). On the use of polynomial regression equations "
                            "as an alternative to difference scores in organizational research. Academy of "
                            "Management Journal, 36(6), 1577-1613.",
    "Edwards 1994": "Edwards, J. R. (1994). The study of congruence in organizational behavior research. "
                    "Organizational Behavior and Human Decision Processes, 58, 51-100.",
    "Emura & Lin 2015": "Emura, T., & Lin, Y.-S. (2015). A comparison of normal approximation rules for attribute "
                        "control charts. Quality and Reliability Engineering International, 31(3), 411-418.",
    "Fong 1996": "Fong, D. (1996). Using the self-stated importance questionnaire to interpret Kano questionnaire "
                 "results. Center for Quality Management Journal, 5(3), 21-24.",
    "Grömping 2007": "Grömping, U. (2007). Estimators of relative importance in linear regression based on "
                     "variance decomposition. The American Statistician, 61(2), 139-147.",
    "Holm 1979": "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of "
                 "Statistics, 6(2), 65-70.",
    "Johnson 2000": "Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor "
                    "variables in multiple regression. Multivariate Behavioral Research, 35(1), 1-19.",
    "Kahneman et al. 1993": "Kahneman, D., Fredrickson, B. L., Schreiber, C. A., & Redelmeier, D. A. (1993). When "
                            "more pain is preferred to less: adding a better end. Psychological Science, 4(6), "
                            "401-405.",
    "Kano 2001": "Kano, N. (2001). Life cycle and creation of attractive quality. 4th QMOD Conference.",
    "Kano et al. 1984": "Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive quality and must-be "
                        "quality. Journal of the Japanese Society for Quality Control, 14(2), 39-48.",
    "Kopalle & Lehmann 2006": "Kopalle, P. K., & Lehmann, D. R. (2006). Setting quality expectations when entry "
                              "is possible. Management Science, 52(8), 1208-1220.",
    "Kish 1965": "Kish, L. (1965). Survey Sampling. Wiley.",
    "Lee & Newcomb 1997": "Lee, M. C., & Newcomb, J. F. (1997). Applying the Kano methodology to meet customer "
                          "requirements: NASA's microgravity science program. Quality Management Journal, 4(3), "
                          "95-106.",
    "Lindeman et al. 1980": "Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to Bivariate and "
                            "Multivariate Analysis. Scott, Foresman.",
    "Löfgren et al. 2011": "Löfgren, M., Witell, L., & Gustafsson, A. (2011). Theory of attractive quality and "
                           "life cycles of quality attributes. The TQM Journal, 23(2), 235-246.",
    "Kaplan & Narayanan 2001": "Kaplan, R. S., & Narayanan, V. G. (2001). Measuring and managing customer "
                               "profitability. Journal of Cost Management, 15(5), 5-15.",
    "Maister 1985": "Maister, D. H. (1985). The psychology of waiting lines. In J. A. Czepiel, M. R. Solomon & C. F. "
                    "Surprenant (Eds.), The Service Encounter (pp. 113-123). Lexington Books.",
    "Martilla & James 1977": "Martilla, J. A., & James, J. C. (1977). Importance-performance analysis. Journal of "
                             "Marketing, 41(1), 77-79.",
    "Matzler & Sauerwein 2002": "Matzler, K., & Sauerwein, E. (2002). The factor structure of customer "
                                "satisfaction. International Journal of Service Industry Management, 13(4), "
                                "314-332.",
    "McKelvey & Zavoina 1975": "McKelvey, R. D., & Zavoina, W. (1975). A statistical model for the analysis of "
                               "ordinal level dependent variables. Journal of Mathematical Sociology, 4(1), 103-120.",
    "Mikulić & Prebežac 2008": "Mikulić, J., & Prebežac, D. (2008). Prioritizing improvement of service "
                               "attributes using impact range-performance analysis and impact-asymmetry "
                               "analysis. Managing Service Quality, 18(6), 559-576.",
    "Montgomery 2009": "Montgomery, D. C. (2009). Introduction to Statistical Quality Control (6th ed.). Wiley.",
    "Nelson 1984": "Nelson, L. S. (1984). The Shewhart control chart: tests for special causes. Journal of Quality "
                   "Technology, 16(4), 237-239.",
    "Newcombe 1998": "Newcombe, R. G. (1998). Interval estimation for the difference between independent "
                     "proportions: comparison of eleven methods. Statistics in Medicine, 17(8), 873-890.",
    "Nilsson-Witell & Fundin 2005": "Nilsson-Witell, L., & Fundin, A. (2005). Dynamics of service attributes: a "
                                    "test of Kano's theory of attractive quality. International Journal of Service "
                                    "Industry Management, 16(2), 152-168.",
    "Oaxaca 1973": "Oaxaca, R. (1973). Male-female wage differentials in urban labor markets. International "
                   "Economic Review, 14, 693-709.",
    "Parasuraman et al. 1994": "Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1994). Alternative scales for "
                               "measuring service quality: a comparative assessment based on psychometric and "
                               "diagnostic criteria. Journal of Retailing, 70(3), 201-230.",
    "Reichheld 2003": "Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review, 81(12), "
                      "46-54.",
    "Redelmeier & Kahneman 1996": "Redelmeier, D. A., & Kahneman, D. (1996). Patients' memories of painful medical "
                                  "treatments. Pain, 66(1), 3-8.",
    "Smith & Bolton 1998": "Smith, A. K., & Bolton, R. N. (1998). An experimental investigation of customer "
                           "reactions to service failure and recovery encounters: paradox or peril? Journal of "
                           "Service Research, 1(1), 65-81.",
    "Stevens 1957": "Stevens, S. S. (1957). On the psychophysical law. Psychological Review, 64(3), 153-181.",
    "TARP 1986": "TARP (1986). Consumer Complaint Handling in America: An Update Study. Washington, DC: U.S. Office "
                 "of Consumer Affairs.",
    "Timko 1993": "Timko, M. (1993). An experiment in continuous analysis. Center for Quality Management "
                  "Journal, 2(4) (in the issue of Berger et al. 1993).",
    "Tonidandel & LeBreton 2010": "Tonidandel, S., & LeBreton, J. M. (2010). Determining the relative importance "
                                  "of predictors in logistic regression: an extension of relative weight analysis. "
                                  "Organizational Research Methods, 13(4), 767-781.",
    "Wilson 1927": "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. "
                   "Journal of the American Statistical Association, 22, 209-212.",
    "Western Electric 1956": "Western Electric (1956). Statistical Quality Control Handbook. Western Electric Co.",
}


def cite(*keys: str) -> tuple[str, ...]:
    """The full references of ``keys`` (an unknown key is a KeyError when the class is defined).

    Examples
    --------
    >>> cite("Johnson 2000")[0][:40]
    'Johnson, J. W. (2000). A heuristic metho'
    """
    return tuple(CITATIONS[key] for key in keys)
