"""The monthly SLA arithmetic (issue 11): property tests against a minute-by-minute reference
written here independently, hand-computed contracts checked to the Rupiah, and the edge cases.

Plain functions, no database. The reference works on minutes as bits of an integer (bit i is
the i-th minute of a window around the month) and finds merged outages as runs of set bits in
the minute string, so it shares nothing with the engine's interval arithmetic."""

import calendar
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from silajar.contracts.sla import (
    WIB,
    Band,
    LinkMonth,
    MaintenanceWindow,
    Outage,
    Terms,
    contract_month,
    honoured_windows,
    link_month,
    month_range,
    weekly_windows,
)

PLUS7 = timezone(timedelta(hours=7))  # WIB written without zoneinfo, for the reference
MARGIN = 3 * 1440  # generated intervals lie within three days around the month
BANDS = (
    Band(Decimal("99.5"), Decimal(5)),
    Band(Decimal("99.0"), Decimal(10)),
    Band(Decimal("95.0"), Decimal(25)),
)
MONTHS = [(2026, 11), (2026, 12), (2027, 1), (2026, 2), (2028, 2)]
PROPERTY = settings(max_examples=200, deadline=None)


def wib(y, mo, d, h=0, mi=0, s=0):
    return datetime(y, mo, d, h, mi, s, tzinfo=WIB)


def bands_terms(min_seconds=300, cap=Decimal(20), target=Decimal("99.5")):
    return Terms(
        availability_target=target,
        min_outage_seconds=min_seconds,
        method="bands",
        bands=BANDS,
        cap_percent=cap,
    )


def one_link(year, month, outages=(), *, active=None, watched=None, maintenance=(), **kw):
    start = datetime(year, month, 1, tzinfo=WIB)
    return link_month(
        year=year,
        month=month,
        active=[(start - timedelta(days=40), None)] if active is None else active,
        watched=watched,
        outages=list(outages),
        maintenance=list(maintenance),
        terms=kw.pop("terms", bands_terms()),
        monthly_fee=kw.pop("fee", 10_000_000),
        now=kw.pop("now", start + timedelta(days=40)),
    )


# --- the reference: minute by minute --------------------------------------------------------


def month_minutes(year, month):
    return calendar.monthrange(year, month)[1] * 24 * 60


def bits(a, b):
    """The minutes [a, b) of the window (offsets from the month's start) as set bits."""
    a, b = max(a, -MARGIN), max(a, b)
    return ((1 << (b + MARGIN)) - 1) ^ ((1 << (a + MARGIN)) - 1)


def union(spans, now):
    mask = 0
    for a, b in spans:
        mask |= bits(a, now if b is None else b)
    return mask


def count(mask):
    return bin(mask).count("1")


def reference(case):
    """Every figure, from the rules of the issue applied to each minute."""
    m = month_minutes(case["year"], case["month"])
    now = case["now"]
    month = bits(0, m)
    past = bits(-MARGIN, now)
    active = union(case["active"], now)
    watched = active if case["watched"] is None else union(case["watched"], now)
    observed = month & past & active & watched
    down = union([(a, b) for a, b, _ in case["outages"]], now)
    excluding = union([(a, b) for a, b, x in case["outages"] if x], now)
    excluding |= union(case["maintenance"], now)
    width = m + 2 * MARGIN + 4 * 1440
    minutes = format(down, f"0{width}b")[::-1]  # minute i of the window is character i
    long = 0
    for run in re.finditer("1+", minutes):
        if (run.end() - run.start()) * 60 >= case["min_seconds"]:
            long |= bits(run.start() - MARGIN, run.end() - MARGIN)
    figures = {
        "observed": observed,
        "downtime": observed & down,
        "excluded": observed & down & excluding,
        "counted": observed & down & ~excluding & long,
        "unmonitored": month & past & active & ~watched,
        "inactive": month & past & ~active,
        "future": month & ~past,
    }
    labels = {
        "up": observed & ~down,
        "excluded": figures["excluded"],
        ("down", True): figures["counted"],
        ("down", False): observed & down & ~excluding & ~long,
        "unmonitored": figures["unmonitored"],
        "inactive": figures["inactive"],
        "future": figures["future"],
    }
    n = {key: count(mask) for key, mask in figures.items()}
    measured = n["observed"] - n["excluded"]
    if measured:
        ratio = Decimal(100 * (measured - n["counted"])) / Decimal(measured)
        availability = ratio.quantize(Decimal("0.001"), ROUND_HALF_UP)
    else:
        availability = Decimal("100.000")
    terms, fee = case["terms"], case["fee"]
    with localcontext() as ctx:
        ctx.prec = 80
        if terms.method == "bands":
            # the bands from the lowest threshold up: the first one the availability is below
            lowest_first = sorted(terms.bands, key=lambda band: band.below_percent)
            below = [b for b in lowest_first if measured and availability < b.below_percent]
            amount = Decimal(fee) * (below[0].credit_percent if below else 0) / 100
        else:
            amount = Decimal(fee) * n["counted"] / m / (terms.availability_target / 100)
        amount = min(amount, Decimal(fee) * terms.cap_percent / 100)
        restitution = int(amount.quantize(Decimal(1), ROUND_HALF_UP))
    return n, labels, availability, bool(measured), restitution, m


def at(case, minute):
    return datetime(case["year"], case["month"], 1, tzinfo=PLUS7) + timedelta(minutes=minute)


def run_engine(case):
    def span(a, b, utc):
        start, end = at(case, a), None if b is None else at(case, b)
        if utc:  # the same instants in another time zone give the same answer
            start, end = start.astimezone(UTC), end and end.astimezone(UTC)
        return start, end

    return link_month(
        year=case["year"],
        month=case["month"],
        active=[span(a, b, i % 2) for i, (a, b) in enumerate(case["active"])],
        watched=None if case["watched"] is None else [span(a, b, 0) for a, b in case["watched"]],
        outages=[Outage(*span(a, b, i % 2), x) for i, (a, b, x) in enumerate(case["outages"])],
        maintenance=[span(a, b, 1) for a, b in case["maintenance"]],
        terms=case["terms"],
        monthly_fee=case["fee"],
        now=at(case, case["now"]),
    )


@st.composite
def cases(draw, max_outages=7):
    year, month = draw(st.sampled_from(MONTHS))
    m = month_minutes(year, month)
    edge = st.builds(lambda e, d: e + d, st.sampled_from([0, m]), st.integers(-150, 150))
    point = st.one_of(st.integers(-MARGIN, m + MARGIN), edge)
    length = st.one_of(st.integers(0, 15), st.integers(0, 300), st.integers(0, 3 * 1440))

    def interval(points=()):
        start = draw(st.one_of(point, st.sampled_from(points)) if points else point)
        return start, min(start + draw(length), m + MARGIN)

    now = draw(st.one_of(st.just(m + MARGIN), point))
    if draw(st.booleans()):
        active = [(-MARGIN, None)]
    else:
        active = [interval() for _ in range(draw(st.integers(0, 3)))]
    watched = None
    if draw(st.booleans()):
        watched = [interval() for _ in range(draw(st.integers(0, 4)))]
    outages, ends = [], []
    for _ in range(draw(st.integers(0, max_outages))):
        a, b = interval(ends)  # often starting where another ends: touching, merged
        open_end = draw(st.integers(0, 9)) == 0 and a <= now
        outages.append((a, None if open_end else b, draw(st.integers(0, 3)) == 0))
        ends += [a, b]
    maintenance = [interval(ends) for _ in range(draw(st.integers(0, 2)))]
    method = draw(st.sampled_from(["bands", "proportional"]))
    terms = Terms(
        availability_target=draw(st.sampled_from([Decimal(100), Decimal("99.5"), Decimal(95)])),
        min_outage_seconds=draw(st.sampled_from([0, 60, 90, 300, 900, 3600, 7200])),
        method=method,
        bands=BANDS if method == "bands" else (),
        cap_percent=draw(st.sampled_from([Decimal(100), Decimal(20), Decimal("7.5"), Decimal(0)])),
    )
    return {
        "year": year,
        "month": month,
        "now": now,
        "active": active,
        "watched": watched,
        "outages": outages,
        "maintenance": maintenance,
        "terms": terms,
        "min_seconds": terms.min_outage_seconds,
        "fee": draw(st.integers(0, 60_000_000)),
    }


def offset(case, moment):
    minutes, rest = divmod(moment - at(case, 0), timedelta(minutes=1))
    assert not rest
    return minutes


# --- properties ------------------------------------------------------------------------------


@PROPERTY
@given(cases())
def test_every_figure_matches_the_minute_by_minute_reference(case):
    result = run_engine(case)
    n, labels, availability, measured, restitution, m = reference(case)

    assert result.minutes == Decimal(m)
    assert result.observed_minutes == n["observed"]
    assert result.downtime_minutes == n["downtime"]
    assert result.excluded_minutes == n["excluded"]
    assert result.counted_minutes == n["counted"]
    assert result.unmonitored_minutes == n["unmonitored"]
    assert result.inactive == timedelta(minutes=n["inactive"])
    assert result.future == timedelta(minutes=n["future"])
    assert (result.availability_percent, result.measured) == (availability, measured)
    assert result.restitution_amount == restitution
    assert result.availability_percent.as_tuple().exponent == -3

    # the bounds: availability in [0, 100], restitution within the cap
    assert Decimal(0) <= result.availability_percent <= Decimal(100)
    assert 0 <= result.restitution_amount <= case["fee"] * case["terms"].cap_percent / 100 + 1

    # the bar: ordered segments tiling the month, each minute labelled as the reference does
    segments = result.segments
    assert segments[0].start == at(case, 0) and segments[-1].end == at(case, m)
    assert all(s.start < s.end for s in segments)
    assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))
    assert all(
        (a.label, a.counted) != (b.label, b.counted)
        for a, b in zip(segments, segments[1:], strict=False)
    )
    for segment in segments:
        key = (segment.label, segment.counted) if segment.label == "down" else segment.label
        mask = bits(offset(case, segment.start), offset(case, segment.end))
        assert mask & ~labels[key] == 0, segment
        assert segment.counted is False or segment.label == "down"


@PROPERTY
@given(cases(max_outages=5), st.data())
def test_adding_an_outage_never_lowers_the_restitution(case, data):
    m = month_minutes(case["year"], case["month"])
    start = data.draw(st.integers(-MARGIN, m + MARGIN))
    end = min(m + MARGIN, start + data.draw(st.integers(0, 3 * 1440)))
    worse = {**case, "outages": [*case["outages"], (start, end, False)]}
    before, after = run_engine(case), run_engine(worse)
    assert after.restitution_amount >= before.restitution_amount
    assert after.counted >= before.counted
    assert after.downtime >= before.downtime
    assert after.availability_percent <= before.availability_percent
    cap = Fraction(case["fee"]) * Fraction(case["terms"].cap_percent) / 100
    assert after.restitution_amount <= cap + Fraction(1, 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(cases(max_outages=4), min_size=1, max_size=3))
def test_a_contract_sums_its_links(link_cases):
    year, month = link_cases[0]["year"], link_cases[0]["month"]
    same_month = [{**c, "year": year, "month": month} for c in link_cases]
    links = [run_engine(c) for c in same_month]
    result = contract_month(links)
    refs = [reference(c)[0] for c in same_month]
    numerator = sum(r["observed"] - r["excluded"] - r["counted"] for r in refs)
    denominator = sum(r["observed"] - r["excluded"] for r in refs)
    if denominator:
        expected = (Decimal(100 * numerator) / Decimal(denominator)).quantize(
            Decimal("0.001"), ROUND_HALF_UP
        )
    else:
        expected = Decimal("100.000")
    assert (result.availability_percent, result.measured) == (expected, bool(denominator))
    assert result.restitution_amount == sum(link.restitution_amount for link in links)
    assert result.counted_minutes == sum(r["counted"] for r in refs)
    assert result.observed_minutes == sum(r["observed"] for r in refs)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-60 * 24 * 90, 60 * 24 * 60),
    st.integers(0, 60 * 24 * 9),
    st.sampled_from(MONTHS),
    st.one_of(st.none(), st.integers(0, 60 * 24 * 120)),
)
def test_weekly_windows_are_every_occurrence_overlapping_the_month(first, length, ym, until):
    """Occurrence k (k >= 0) is the window moved by k weeks; the reference tries every k."""
    year, month = ym
    origin = datetime(year, month, 1, tzinfo=PLUS7)
    start, end = origin + timedelta(minutes=first), origin + timedelta(minutes=first + length)
    stop = None if until is None else start + timedelta(minutes=until)
    lo, hi = origin, origin + timedelta(minutes=month_minutes(year, month))
    expected = [
        (start + timedelta(weeks=k), end + timedelta(weeks=k))
        for k in range(0, 40)
        if start + timedelta(weeks=k) < hi
        and end + timedelta(weeks=k) > lo
        and length > 0
        and (stop is None or start + timedelta(weeks=k) < stop)
    ]
    assert weekly_windows(start, end, year=year, month=month, until=stop) == expected


# --- hand-computed contracts -----------------------------------------------------------------


def test_a_banded_contract_in_november_2026():
    """Bands 99.5 -> 5 %, 99.0 -> 10 %, 95.0 -> 25 %; cap 20 %; outages of 5 minutes or more
    count. November 2026 has 30 x 1,440 = 43,200 minutes.

    Link A, fee 15,000,000, no monitoring, active all month (observed 43,200):
      3 Nov 10:00-15:30        330 min, counted
      10 Nov 08:00-08:03         3 min, shorter than 5: downtime, not counted
      12 Nov 09:00-09:04 + 09:04-09:07: touching, one outage of 7 min: counted 7
      20 Nov 01:00-05:00       240 min, excluded (force majeure)
      24 Nov 22:30-23:30        60 min inside the Tuesday maintenance 22:00-24:00: excluded
      30 Nov 23:58-1 Dec 00:10  12 min whole: counted, 2 of them in November
      downtime 330+3+7+240+60+2 = 642, excluded 300, counted 330+7+2 = 339
      availability (43,200-300-339) / (43,200-300) = 42,561 / 42,900 = 99.20979 -> 99.210 %
      below 99.5 only: 5 % x 15,000,000 = 750,000
    Link B, fee 8,500,000, monitored, active from 5 Nov 00:00 (4 days, 5,760 min inactive),
    the monitor down 15 Nov 12:00-18:00 (360 min unmonitored): observed 43,200-5,760-360 = 37,080
      15 Nov 11:00-13:00       120 min whole, 60 in observed time: counted 60
      22 Nov 00:00-23 Nov 12:00  2,160 min, counted
      availability (37,080-2,220) / 37,080 = 34,860 / 37,080 = 94.01294 -> 94.013 %
      below 95.0: 25 % = 2,125,000, capped at 20 % = 1,700,000
    Link C, fee 4,750,000, no outage: 100.000 %, 0.
    Contract: (42,561+34,860+43,200) / (42,900+37,080+43,200) = 120,621 / 123,180 = 97.92255
    -> 97.923 %; restitution 750,000 + 1,700,000 + 0 = 2,450,000."""
    terms = bands_terms(min_seconds=300, cap=Decimal(20))
    now = wib(2026, 12, 2, 9)
    tuesday = MaintenanceWindow(
        start=wib(2026, 10, 6, 22),
        end=wib(2026, 10, 7),
        announced_at=wib(2026, 9, 28),
        weekly=True,
    )
    maintenance = honoured_windows([tuesday], year=2026, month=11, notice_hours=72)
    assert [w[0].day for w in maintenance] == [3, 10, 17, 24]
    a = link_month(
        year=2026,
        month=11,
        active=[(wib(2026, 1, 1), None)],
        watched=None,
        outages=[
            Outage(wib(2026, 11, 3, 10), wib(2026, 11, 3, 15, 30)),
            Outage(wib(2026, 11, 10, 8), wib(2026, 11, 10, 8, 3)),
            Outage(wib(2026, 11, 12, 9), wib(2026, 11, 12, 9, 4)),
            Outage(wib(2026, 11, 12, 9, 4), wib(2026, 11, 12, 9, 7)),
            Outage(wib(2026, 11, 20, 1), wib(2026, 11, 20, 5), excluded=True),
            Outage(wib(2026, 11, 24, 22, 30), wib(2026, 11, 24, 23, 30)),
            Outage(wib(2026, 11, 30, 23, 58), wib(2026, 12, 1, 0, 10)),
        ],
        maintenance=maintenance,
        terms=terms,
        monthly_fee=15_000_000,
        now=now,
    )
    b = link_month(
        year=2026,
        month=11,
        active=[(wib(2026, 11, 5), None)],
        watched=[(wib(2026, 11, 5), wib(2026, 11, 15, 12)), (wib(2026, 11, 15, 18), None)],
        outages=[
            Outage(wib(2026, 11, 15, 11), wib(2026, 11, 15, 13)),
            Outage(wib(2026, 11, 22), wib(2026, 11, 23, 12)),
        ],
        maintenance=[],
        terms=terms,
        monthly_fee=8_500_000,
        now=now,
    )
    c = link_month(
        year=2026,
        month=11,
        active=[(wib(2025, 6, 1), None)],
        watched=None,
        outages=[],
        maintenance=[],
        terms=terms,
        monthly_fee=4_750_000,
        now=now,
    )
    assert figures(a) == ("43200.000", "43200.000", "642.000", "300.000", "339.000", "99.210")
    assert (a.credit_percent, a.restitution_amount, a.target_met) == (5, 750_000, False)
    assert figures(b) == ("43200.000", "37080.000", "2220.000", "0.000", "2220.000", "94.013")
    assert b.unmonitored_minutes == 360 and b.inactive == timedelta(minutes=5760)
    assert (b.credit_percent, b.restitution_amount) == (25, 1_700_000)
    assert figures(c) == ("43200.000", "43200.000", "0.000", "0.000", "0.000", "100.000")
    assert (c.credit_percent, c.restitution_amount, c.target_met) == (0, 0, True)
    contract = contract_month([a, b, c])
    assert contract.availability_percent == Decimal("97.923")
    assert contract.restitution_amount == 2_450_000


def test_a_proportional_contract_in_february_2026():
    """Restitution = fee x counted / minutes / (target / 100), target 99 %, cap 15 %; outages
    of 10 minutes or more count. February 2026 has 28 x 1,440 = 40,320 minutes; now is
    1 Mar 2026 02:00 WIB.

    Link P, fee 12,345,678, no monitoring:
      3 Feb 08:00-10:00        120 min, counted
      9 Feb 07:00-07:06          6 min, shorter than 10: not counted
      28 Feb 23:00-(open)      runs until now: 180 min whole, 60 in February, counted
      counted 180; availability 40,140 / 40,320 = 99.55357 -> 99.554 %
      12,345,678 x 180 / 40,320 / 0.99 = 2,222,222,040 / 39,916.8 = 55,671.347 -> 55,671
    Link Q, fee 20,000,000, no monitoring:
      1 Feb 00:00-7 Feb 00:00 and 6 Feb 00:00-8 Feb 00:00 (excluded): one outage of 7 days;
      excluded 2 days = 2,880 min, counted 5 days = 7,200 min
      availability (40,320-2,880-7,200) / (40,320-2,880) = 30,240 / 37,440 = 80.769 %
      20,000,000 x 7,200 / 40,320 / 0.99 = 3,607,503.6, capped at 15 % = 3,000,000
    Link R, fee 9,000,000, monitored, but the monitor never ran: observed 0, not measured,
      100.000 %, 0 (its recorded outage falls in unmonitored time).
    Contract: (40,140 + 30,240 + 0) / (40,320 + 37,440 + 0) = 70,380 / 77,760 = 90.50926
    -> 90.509 %; restitution 55,671 + 3,000,000 + 0 = 3,055,671."""
    terms = Terms(
        availability_target=Decimal(99),
        min_outage_seconds=600,
        method="proportional",
        cap_percent=Decimal(15),
    )
    now = wib(2026, 3, 1, 2)
    common = {"year": 2026, "month": 2, "maintenance": [], "terms": terms, "now": now}
    always = [(wib(2025, 1, 1), None)]
    p = link_month(
        active=always,
        watched=None,
        outages=[
            Outage(wib(2026, 2, 3, 8), wib(2026, 2, 3, 10)),
            Outage(wib(2026, 2, 9, 7), wib(2026, 2, 9, 7, 6)),
            Outage(wib(2026, 2, 28, 23), None),
        ],
        monthly_fee=12_345_678,
        **common,
    )
    q = link_month(
        active=always,
        watched=None,
        outages=[
            Outage(wib(2026, 2, 1), wib(2026, 2, 7)),
            Outage(wib(2026, 2, 6), wib(2026, 2, 8), excluded=True),
        ],
        monthly_fee=Decimal("20000000"),
        **common,
    )
    r = link_month(
        active=always,
        watched=[],
        outages=[Outage(wib(2026, 2, 10), wib(2026, 2, 11))],
        monthly_fee=9_000_000,
        **common,
    )
    assert figures(p) == ("40320.000", "40320.000", "186.000", "0.000", "180.000", "99.554")
    assert (p.credit_percent, p.restitution_amount, p.target_met) == (None, 55_671, True)
    assert figures(q) == ("40320.000", "40320.000", "10080.000", "2880.000", "7200.000", "80.769")
    assert q.restitution_amount == 3_000_000
    assert figures(r) == ("40320.000", "0.000", "0.000", "0.000", "0.000", "100.000")
    assert (r.measured, r.restitution_amount, r.unmonitored_minutes) == (False, 0, 40320)
    contract = contract_month([p, q, r])
    assert (contract.availability_percent, contract.measured) == (Decimal("90.509"), True)
    assert contract.restitution_amount == 3_055_671


def figures(link: LinkMonth):
    return tuple(
        str(v)
        for v in (
            link.minutes,
            link.observed_minutes,
            link.downtime_minutes,
            link.excluded_minutes,
            link.counted_minutes,
            link.availability_percent,
        )
    )


def test_the_band_example_of_the_issue():
    """98.7 % with bands 99.5 -> 5, 99.0 -> 10, 95.0 -> 25 gives 10 %: 1.3 % of November's
    43,200 minutes is 561.6 minutes, an outage of 561 min 36 s; 10 % of 10,000,000."""
    start = wib(2026, 11, 10, 8)
    link = one_link(2026, 11, [Outage(start, start + timedelta(minutes=561, seconds=36))])
    assert link.counted_minutes == Decimal("561.600")
    assert link.availability_percent == Decimal("98.700")
    assert (link.credit_percent, link.restitution_amount) == (Decimal(10), 1_000_000)


@pytest.mark.parametrize(
    ("down", "availability", "credit"),
    [
        # 432 minutes are 1 % of November: exactly 99.000 is not below 99.0
        (timedelta(minutes=432), "99.000", 5),
        (timedelta(minutes=432, seconds=1), "99.000", 5),  # 98.99996 is reported 99.000
        (timedelta(minutes=432, seconds=14), "98.999", 10),  # 98.99946
        (timedelta(minutes=216), "99.500", 0),
        # 216 min 6 s: 99.49977 %, reported 99.500: the band compares the reported figure
        (timedelta(minutes=216, seconds=6), "99.500", 0),
        (timedelta(minutes=216, seconds=14), "99.499", 5),  # 99.49946
        (timedelta(days=30), "0.000", 25),
    ],
)
def test_a_band_applies_below_its_threshold_only(down, availability, credit):
    start = wib(2026, 11, 1)
    link = one_link(2026, 11, [Outage(start, start + down)], terms=bands_terms(cap=Decimal(100)))
    assert str(link.availability_percent) == availability
    assert link.restitution_amount == credit * 100_000


# --- edges -----------------------------------------------------------------------------------


def test_an_outage_across_the_new_year_is_split_and_counted_by_its_whole_length():
    """31 Dec 2026 23:30 -> 1 Jan 2027 00:30 WIB: 30 minutes in each month, 60 in all."""
    outage = Outage(wib(2026, 12, 31, 23, 30), wib(2027, 1, 1, 0, 30))
    for min_seconds, counted in ((3600, "30.000"), (3601, "0.000")):
        terms = bands_terms(min_seconds=min_seconds)
        december = one_link(2026, 12, [outage], terms=terms)
        january = one_link(2027, 1, [outage], terms=terms)
        assert december.downtime_minutes == january.downtime_minutes == Decimal("30.000")
        assert str(december.counted_minutes) == str(january.counted_minutes) == counted
    # in UTC the outage is 31 Dec 16:30-17:30: all of it in December WIB
    assert month_range(2027, 1)[0] == datetime(2026, 12, 31, 17, tzinfo=UTC)


def test_short_parts_merged_into_a_long_outage_count():
    parts = [Outage(wib(2026, 11, 5, 10, i * 4), wib(2026, 11, 5, 10, i * 4 + 4)) for i in range(3)]
    alone = one_link(2026, 11, parts[:1], terms=bands_terms(min_seconds=600))
    merged = one_link(2026, 11, parts, terms=bands_terms(min_seconds=600))
    assert (alone.downtime_minutes, alone.counted_minutes) == (4, 0)
    assert (merged.downtime_minutes, merged.counted_minutes) == (12, 12)
    # nested and overlapping outages are never counted twice
    nested = one_link(2026, 11, [*parts, Outage(parts[0].start, parts[2].end), parts[1]])
    assert nested.downtime_minutes == 12


def test_an_open_outage_runs_until_now_and_the_rest_of_the_month_is_future():
    now = wib(2026, 11, 16, 12)
    link = one_link(2026, 11, [Outage(wib(2026, 11, 16, 10), None)], now=now)
    assert link.counted_minutes == 120
    assert link.observed == now - wib(2026, 11, 1)
    assert link.future == wib(2026, 12, 1) - now
    assert [(s.label, s.counted) for s in link.segments] == [
        ("up", False),
        ("down", True),
        ("future", False),
    ]
    assert link.segments[1].start == wib(2026, 11, 16, 10) and link.segments[1].minutes == 120


def test_a_month_with_nothing_observed_is_not_measured():
    link = one_link(2026, 11, [], active=[])
    assert (link.availability_percent, link.measured, link.restitution_amount) == (
        Decimal("100.000"),
        False,
        0,
    )
    assert [s.label for s in link.segments] == ["inactive"]
    assert contract_month([]).measured is False


def test_maintenance_needs_its_notice():
    window = MaintenanceWindow(
        start=wib(2026, 11, 10, 22), end=wib(2026, 11, 11, 2), announced_at=wib(2026, 11, 9, 22)
    )
    assert honoured_windows([window], year=2026, month=11, notice_hours=24) == [
        (window.start, window.end)
    ]
    assert honoured_windows([window], year=2026, month=11, notice_hours=25) == []
    assert honoured_windows([window], year=2026, month=12, notice_hours=0) == []
    # a weekly window announced late: the occurrences too soon after the notice are dropped
    weekly = MaintenanceWindow(
        start=wib(2026, 11, 3, 22),
        end=wib(2026, 11, 4),
        announced_at=wib(2026, 11, 8),
        weekly=True,
        until=wib(2026, 11, 25),
    )
    days = [w[0].day for w in honoured_windows([weekly], year=2026, month=11, notice_hours=48)]
    assert days == [10, 17, 24]


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="ends .* before it starts"):
        one_link(2026, 11, [Outage(wib(2026, 11, 2), wib(2026, 11, 1))])
    with pytest.raises(ValueError, match="timezone-aware"):
        one_link(2026, 11, [Outage(datetime(2026, 11, 1), None)])
    with pytest.raises(ValueError, match="ends .* before it starts"):
        one_link(2026, 11, [], active=[(wib(2026, 11, 2), wib(2026, 11, 1))])
    with pytest.raises(ValueError, match="availability_target"):
        Terms(availability_target=Decimal(0), min_outage_seconds=0, method="proportional")
    with pytest.raises(ValueError, match="month"):
        month_range(2026, 13)
    with pytest.raises(TypeError, match="monthly_fee"):
        one_link(2026, 11, fee=1.5)
    with pytest.raises(ValueError, match="same month"):
        contract_month([one_link(2026, 11), one_link(2026, 12)])
