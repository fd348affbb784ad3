"""The tone meter's rows: one bar per measure the account's profile limits, with its range.

Pure: the UI paints these rows as they are (bar position, allowed band, colour state).
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from dataclasses import dataclass

from composer.core.tone import ToneProfile, measure_info

#: Fixed scales for measures with a natural range; counts scale to their limit.
_SCALES: Mapping[str, tuple[float, float]] = {
    "sentiment": (-1.0, 1.0),
    "readability": (0.0, 100.0),
    "grade": (0.0, 18.0),
    "media": (0.0, 4.0),
}


@dataclass(frozen=True, slots=True)
class MeterRow:
    """One bar of the tone meter.

    Attributes:
        name: Measure name (``sentiment``...).
        title: Human title.
        value: Measured value.
        label: The value as shown (2 decimals for sentiment, whole numbers for counts).
        low: Left end of the scale.
        high: Right end of the scale.
        allowed_min: Lower bound of the allowed band, or ``None`` (open).
        allowed_max: Upper bound of the allowed band, or ``None`` (open).
        within: Whether the value is inside the allowed band.
        tooltip: Definition, unit and the limit in words.
    """

    name: str
    title: str
    value: float
    label: str
    low: float
    high: float
    allowed_min: float | None
    allowed_max: float | None
    within: bool
    tooltip: str

    def fraction(self, value: float) -> float:
        """Where ``value`` sits on the scale, 0..1."""
        span = self.high - self.low
        return 0.0 if span <= 0 else min(1.0, max(0.0, (value - self.low) / span))


def meter_rows(
    profile: ToneProfile | None,
    metrics: Mapping[str, float],
    media: Sized | None = None,
) -> tuple[MeterRow, ...]:
    """Rows for every numeric limit of ``profile`` that was measured, in profile order.

    ``metrics`` maps measure names to values (a check report's metrics). The profile's
    ``media`` limit comes last, counting ``media`` (the post's attachments, in any form) when
    given, else
    ``metrics["media"]`` (an assessment's count; none attached: 0).
    """
    if profile is None:
        return ()
    rows = []
    limits = list(profile.limits.items())
    if profile.media is not None:
        limits.append(("media", profile.media))
        counted = {} if media is None else {"media": float(len(media))}
        metrics = {"media": 0.0, **metrics, **counted}
    for name, limit in limits:
        if name not in metrics:
            continue
        value = float(metrics[name])
        allowed_min = 0.0 if limit.forbid else limit.min
        allowed_max = 0.0 if limit.forbid else limit.max
        if name in _SCALES:
            low, high = _SCALES[name]
        else:
            bounds = [b for b in (allowed_min, allowed_max) if b is not None]
            low, high = 0.0, max([value * 1.25, *(b * 2 for b in bounds), 4.0])
        within = (allowed_min is None or value >= allowed_min) and (
            allowed_max is None or value <= allowed_max
        )
        try:
            info = measure_info(name)
            title, definition, unit = info.title, info.definition, info.unit
        except KeyError:
            title, definition, unit = name.replace("_", " ").capitalize(), "", ""
        label = f"{value:.2f}" if name == "sentiment" else f"{value:g}"
        rows.append(
            MeterRow(
                name=name,
                title=title,
                value=value,
                label=label,
                low=low,
                high=high,
                allowed_min=allowed_min,
                allowed_max=allowed_max,
                within=within,
                tooltip=_tooltip(definition, unit, allowed_min, allowed_max, forbid=limit.forbid),
            )
        )
    return tuple(rows)


def _tooltip(
    definition: str,
    unit: str,
    allowed_min: float | None,
    allowed_max: float | None,
    *,
    forbid: bool,
) -> str:
    if forbid:
        allowed = "none allowed"
    elif allowed_min is not None and allowed_max is not None:
        allowed = f"allowed {allowed_min:g} to {allowed_max:g}"
    elif allowed_min is not None:
        allowed = f"at least {allowed_min:g}"
    elif allowed_max is not None:
        allowed = f"at most {allowed_max:g}"
    else:
        allowed = "no limit"
    return f"{definition} Unit: {unit}. This account: {allowed}.".strip()
