"""Sessions expire when idle or old; failed sign-ins are limited per name and per address."""

from __future__ import annotations

from roleplay.serve.limits import SignInLimiter
from roleplay.serve.roles import Role
from roleplay.serve.sessions import Sessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idle_session_expires_and_use_keeps_it_alive() -> None:
    clock = Clock()
    sessions = Sessions(idle_s=60, max_age_s=3600, clock=clock)
    who = sessions.start("ana", "Ana", Role.TRAINEE)
    clock.now += 50
    assert sessions.find(who.token) is who
    clock.now += 50  # 50 s after the last use
    assert sessions.find(who.token) is who
    clock.now += 61
    assert sessions.find(who.token) is None
    assert sessions.find(who.token) is None  # forgotten, not revived


def test_session_ends_at_its_maximum_age_however_busy() -> None:
    clock = Clock()
    sessions = Sessions(idle_s=60, max_age_s=120, clock=clock)
    who = sessions.start("ana", "Ana", Role.TRAINEE)
    for _ in range(4):
        clock.now += 30
        sessions.touch(who)
    assert sessions.expired() == []
    clock.now += 1
    assert sessions.expired() == [who]


def test_tokens_are_fresh_long_and_never_in_a_repr() -> None:
    sessions = Sessions()
    one = sessions.start("ana", "Ana", Role.TRAINEE)
    two = sessions.start("ana", "Ana", Role.TRAINEE)
    assert one.token != two.token and len(one.token) >= 40
    assert one.token not in repr(one)


def test_five_failures_lock_the_name_for_the_window() -> None:
    clock = Clock()
    limiter = SignInLimiter(window_s=600, per_name=5, per_address=20, clock=clock)
    for _ in range(4):
        limiter.failed("ana", "10.0.0.1")
    assert limiter.wait_s("ana", "10.0.0.1") == 0
    limiter.failed("Ana", "10.0.0.1")
    assert limiter.wait_s("ana", "10.0.0.2") == 600  # another address does not help
    clock.now += 599
    assert limiter.wait_s("ana", "10.0.0.1") > 0
    clock.now += 2
    assert limiter.wait_s("ana", "10.0.0.1") == 0


def test_one_address_trying_many_names_is_limited() -> None:
    clock = Clock()
    limiter = SignInLimiter(window_s=600, per_name=5, per_address=20, clock=clock)
    for n in range(20):
        limiter.failed(f"user{n}", "10.0.0.9")
    assert limiter.wait_s("someone-new", "10.0.0.9") > 0
    assert limiter.wait_s("someone-new", "10.0.0.8") == 0


def test_success_clears_the_name_but_not_the_address() -> None:
    limiter = SignInLimiter(per_name=2, per_address=3)
    limiter.failed("ana", "a")
    limiter.failed("ana", "a")
    limiter.succeeded("ana")
    assert limiter.wait_s("ana", "b") == 0
    limiter.failed("ben", "a")
    assert limiter.wait_s("carl", "a") > 0
