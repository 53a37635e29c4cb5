"""Ratio arithmetic that never divides by zero."""

from decimal import Decimal


def ratio(numerator, denominator, *, scale=1):
    """``numerator / denominator × scale``, or None if either is missing or the
    denominator is zero (the page then shows "—")."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) * scale / Decimal(denominator)
