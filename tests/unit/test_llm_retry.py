"""Backoff: how long a struggling server is given before we ask again, and when we give up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from roleplay.llm.retry import RetryPolicy, parse_retry_after


def policy(**changes: float) -> RetryPolicy:
    return RetryPolicy(**{"rng": lambda: 0.5, **changes})  # type: ignore[arg-type]


def test_waits_grow_exponentially_then_stop_at_the_retry_limit():
    p = policy(max_retries=3, base_s=0.5, max_delay_s=8, max_total_s=100)
    assert [p.delay(n, 0.0) for n in range(4)] == [0.5, 1.0, 2.0, None]


def test_a_single_wait_is_capped():
    p = policy(max_retries=10, base_s=1, max_delay_s=3, max_total_s=100)
    assert p.delay(6, 0.0) == 3


def test_retry_after_wins_over_our_schedule():
    assert policy().delay(0, 0.0, retry_after=4.0) == 4.0


def test_gives_up_rather_than_exceed_the_total_wait():
    p = policy(max_total_s=5)
    assert p.delay(0, 0.0, retry_after=6.0) is None
    assert p.delay(1, 4.5) is None
    assert p.delay(1, 3.0) == 1.0


def test_jitter_spreads_waits_around_the_schedule():
    low = RetryPolicy(rng=lambda: 0.0).delay(1, 0.0)
    high = RetryPolicy(rng=lambda: 0.999).delay(1, 0.0)
    assert low is not None and high is not None
    assert low < high


def test_retry_after_in_seconds_milliseconds_and_as_a_date():
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (parse_retry_after({"retry-after": when}) or 0) <= 30


def test_missing_or_garbled_retry_after_means_use_our_own_schedule():
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after(None) is None
