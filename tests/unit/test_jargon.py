"""Jargon: the trade's abbreviations are heard, whatever they are, and customers' words are not."""

from __future__ import annotations

import pytest

from roleplay.detectors.context_rules import DetectContext
from roleplay.detectors.rules import rule_spans
from roleplay.scenarios.behaviours import Behaviour as B


def _jargon(line: str, customer: str = "") -> str | None:
    ctx = DetectContext(customer_lines=(customer,) if customer else ())
    span = rule_spans(line, ctx).get(B.JARGON)
    return None if span is None else line[span[0] : span[1]]


@pytest.mark.parametrize(
    ("line", "heard"),
    [
        ("Your entitlement hasn't provisioned on the STB.", "entitlement"),
        ("It's showing an RTS flag against the MDM record.", "RTS"),
        ("The DDI is suspended for this cycle.", "DDI"),
        ("I'll escalate to T2 and they'll raise an RCA.", "T2"),
        ("It's basically just a DN plus a CCDC, then we release funds.", "DN"),
        ("Interest accrues per the T&Cs unless the txn is flagged.", "txn"),
        ("Everything's per the T&Cs.", "T&C"),
    ],
)
def test_the_trades_words_and_abbreviations_are_jargon(line: str, heard: str) -> None:
    assert _jargon(line) == heard


@pytest.mark.parametrize(
    "line",
    [
        "Thank you for calling Beacon TV and Broadband, have a good evening.",
        "You won't need his PIN for any of this.",
        "Text PAC to 65075 and the code comes straight back.",
        "Your reference is NV-88213, and the credit's within two working days.",
        "The reference is DSP 4471; I'll read it slowly.",
        "Is the postcode RV4 2LN?",
        "I am NOT going to argue with you.",
        "OK, let's get that sorted today.",
    ],
)
def test_what_customers_know_references_and_shouting_are_not(line: str) -> None:
    assert _jargon(line) is None


def test_an_abbreviation_the_customer_said_first_is_their_word() -> None:
    assert _jargon("The OLT shows a LOS alarm.") == "OLT"
    assert _jargon("So the OLT is fine, but the LOS alarm is on.", "It says LOS and OLT") is None
    said = "It just says P-X-L star Northgate Fit. Does that mean anything?"
    assert _jargon("So PXL is the company that took the payment.", said) is None
    assert _jargon("So PXL is the company that took the payment.") == "PXL"
