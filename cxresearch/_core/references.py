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
    "Berger et al. 1993": "Berger, C. et al. (1993). Kano's methods for understanding customer-defined quality. "
                          "Center for Quality Management Journal, 2(4), 3-36.",
    "Blinder 1973": "Blinder, A. S. (1973). Wage discrimination: reduced form and structural estimates. "
                    "Journal of Human Resources, 8, 436-455.",
    "Brandt 1987": "Brandt, D. R. (1987). A procedure for identifying value-enhancing service components using "
                   "customer satisfaction survey data. In Add Value to Your Service, AMA, 61-65.",
    "DuMouchel 1993": "DuMouchel, W. (1993). Thoughts on graphical and continuous analysis. Center for Quality "
                      "Management Journal, 2(4) (in the issue of Berger et al. 1993).",
    "Edwards & Parry 1993": "Edwards, J. R., & Parry, M. E. (1993). On the use of polynomial regression equations "
                            "as an alternative to difference scores in organizational research. Academy of "
                            "Management Journal, 36(6), 1577-1613.",
    "Edwards 1994": "Edwards, J. R. (1994). The study of congruence in organizational behavior research. "
                    "Organizational Behavior and Human Decision Processes, 58, 51-100.",
    "Fong 1996": "Fong, D. (1996). Using the self-stated importance questionnaire to interpret Kano questionnaire "
                 "results. Center for Quality Management Journal, 5(3), 21-24.",
    "Grömping 2007": "Grömping, U. (2007). Estimators of relative importance in linear regression based on "
                     "variance decomposition. The American Statistician, 61(2), 139-147.",
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
    "Lee & Newcomb 1997": "Lee, M. C., & Newcomb, J. F. (1997). Applying the Kano methodology to meet customer "
                          "requirements: NASA's microgravity science program. Quality Management Journal, 4(3), "
                          "95-106.",
    "Lindeman et al. 1980": "Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to Bivariate and "
                            "Multivariate Analysis. Scott, Foresman.",
    "Löfgren et al. 2011": "Löfgren, M., Witell, L., & Gustafsson, A. (2011). Theory of attractive quality and "
                           "life cycles of quality attributes. The TQM Journal, 23(2), 235-246.",
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
    "Nilsson-Witell & Fundin 2005": "Nilsson-Witell, L., & Fundin, A. (2005). Dynamics of service attributes: a "
                                    "test of Kano's theory of attractive quality. International Journal of Service "
                                    "Industry Management, 16(2), 152-168.",
    "Oaxaca 1973": "Oaxaca, R. (1973). Male-female wage differentials in urban labor markets. International "
                   "Economic Review, 14, 693-709.",
    "Parasuraman et al. 1994": "Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1994). Alternative scales for "
                               "measuring service quality: a comparative assessment based on psychometric and "
                               "diagnostic criteria. Journal of Retailing, 70(3), 201-230.",
    "Redelmeier & Kahneman 1996": "Redelmeier, D. A., & Kahneman, D. (1996). Patients' memories of painful medical "
                                  "treatments. Pain, 66(1), 3-8.",
    "Timko 1993": "Timko, M. (1993). An experiment in continuous analysis. Center for Quality Management "
                  "Journal, 2(4) (in the issue of Berger et al. 1993).",
    "Tonidandel & LeBreton 2010": "Tonidandel, S., & LeBreton, J. M. (2010). Determining the relative importance "
                                  "of predictors in logistic regression: an extension of relative weight analysis. "
                                  "Organizational Research Methods, 13(4), 767-781.",
    "Wilson 1927": "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. "
                   "Journal of the American Statistical Association, 22, 209-212.",
}


def cite(*keys: str) -> tuple[str, ...]:
    """The full references of ``keys`` (an unknown key is a KeyError when the class is defined).

    Examples
    --------
    >>> cite("Johnson 2000")[0][:40]
    'Johnson, J. W. (2000). A heuristic metho'
    """
    return tuple(CITATIONS[key] for key in keys)
