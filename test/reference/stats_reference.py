"""Independent statistics reference for test/data/metrics/statistics.test.ts: SciPy, and mpmath.

Reads one JSON document on stdin:
  {"fisher": [[a, b, c, d], ...], "wilson": [[successes, n, confidence], ...], "quantile": [p, ...]}
and prints one JSON document:
  {"fisher": [{"scipy": p, "exact": p}, ...], "wilson": [[lower, upper], ...], "quantile": [x, ...]}

  fisher    scipy.stats.fisher_exact([[a, b], [c, d]], alternative="less").pvalue, and
            the same P(X <= a) (X hypergeometric, margins fixed) summed term by term
            in 40-digit mpmath arithmetic ("exact"): SciPy's own value drifts by a
            few 1e-9 (relative) once the table holds millions.
  wilson    scipy.stats.binomtest(successes, n).proportion_ci(confidence, method="wilson")
  quantile  scipy.stats.norm.ppf(p)
"""
import json
import sys

import mpmath
from scipy import stats

mpmath.mp.dps = 40
STOP = mpmath.mpf(10) ** -45


def log_factorial(n: int) -> mpmath.mpf:
    return mpmath.loggamma(n + 1)


def exact_less(a: int, b: int, c: int, d: int) -> float:
    """P(X <= a) by the definition: pmf(a) from log-factorials, then pmf(a-1), ... by the ratio recurrence."""
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    if min(row1, row2, col1, b + d) == 0:
        return 1.0
    lo = max(0, col1 - row2)
    log_pmf = (
        log_factorial(row1) + log_factorial(row2) + log_factorial(col1) + log_factorial(total - col1)
        - log_factorial(total) - log_factorial(a) - log_factorial(b) - log_factorial(c) - log_factorial(d)
    )
    term = mpmath.mpf(1)
    tail = mpmath.mpf(1)
    x = a
    while x > lo:
        term *= mpmath.mpf(x * (row2 - col1 + x)) / ((row1 - x + 1) * (col1 - x + 1))
        tail += term
        x -= 1
        if term < tail * STOP:
            break
    return float(mpmath.exp(log_pmf) * tail)


def main() -> None:
    cases = json.load(sys.stdin)
    out = {
        "fisher": [
            {
                "scipy": float(stats.fisher_exact([[a, b], [c, d]], alternative="less").pvalue),
                "exact": exact_less(a, b, c, d),
            }
            for a, b, c, d in cases["fisher"]
        ],
        "wilson": [],
        "quantile": [float(stats.norm.ppf(p)) for p in cases["quantile"]],
    }
    for k, n, confidence in cases["wilson"]:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
        out["wilson"].append([float(ci.low), float(ci.high)])
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
