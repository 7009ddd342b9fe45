"""Money and percentages for reading, in the reader's language ("18 000,00 €", "70,80 %")."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal


def euros(amount: Decimal | None) -> str:
    """Money for reading: "18 000,00 €" in Estonian, "18,000.00 €" in English."""
    if amount is None:
        return ""
    return f"{format_decimal(amount, format='#,##0.00')}\u00a0€"


def percent(rate: Decimal | None) -> str:
    if rate is None:
        return "–"
    return f"{format_decimal(rate, format='0.00')}\u00a0%"
