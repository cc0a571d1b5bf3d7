"""What counts as jargon in a trainee's line: the trade's terms, and its abbreviations.

A list of terms can never hold every abbreviation a contact centre lives by (OTP, DDI, HLR,
STB, CCDC …), so any word written in capitals counts as well, unless it is one a customer
knows (TV, PIN), a word shouted ("Are YOU listening?"), a reference being read out ("NV-88213",
"DSP 4471") or a postcode. Whether the customer said it first is the caller's question
(`context_rules`): then it is their word, not jargon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DEFAULT_JARGON = (
    "ticket number",
    "escalation matrix",
    "tier 2",
    "tier two",
    "l2",
    "sla",
    "aht",
    "crm",
    "provisioning",
    "backend",
    "back end",
    "ont",
    "dns",
    "mfa",
    "2fa",
    "otp",
    "chargeback",
    "mcc",
    "kyc",
    "probate",
    "ticket",
    "workflow",
    "sync",
    "cache",
    # The trade's words that customers do not use, added with the abbreviations below.
    "credential",
    "credentials",
    "authenticate",
    "device binding",
    "device token",
    "acquirer",
    "merchant descriptor",
    "representment",
    "pre-arb",
    "txn",
    "reason code",
    "mandates",
    "entitlement",
    "provisioned",
    "re-provisioned",
    "head-end",
    "retentions",
    "onboarding",
    "fraud ops",
    "first-party",
    "actioned",
    "second-line",
    "grant of representation",
    "non-contentious",
)

EVERYDAY_ABBREVIATIONS = frozenset(
    [
        "OK",
        "TV",
        "UK",
        "EU",
        "US",
        "USA",
        "BBC",
        "NHS",
        "GP",
        "ATM",
        "PIN",
        "SIM",
        "PAC",
        "SMS",
        "PDF",
        "USB",
        "PC",
        "VAT",
        "DVD",
        "ID",
        "AI",
        "IT",
        "CEO",
        "HR",
        "AM",
        "PM",
        "TBC",
        "FAQ",
        "MP",
        "MOT",
        "ISA",
        "DIY",
        "HMRC",
        "DVLA",
        "DWP",
        "BT",
        "EE",
        "O2",
    ]
)
"""Written in capitals, known to any customer: never jargon (PAC is the switching code every
mobile customer is told to text for)."""

SHOUTED = frozenset(
    [
        "I",
        "A",
        "YOU",
        "YOUR",
        "NO",
        "NOT",
        "NOW",
        "YES",
        "ALL",
        "IS",
        "THE",
        "AND",
        "OR",
        "ME",
        "MY",
        "WE",
        "US",
        "SO",
        "DO",
        "GO",
        "AT",
        "ON",
        "IN",
        "OF",
        "TO",
        "BE",
        "AN",
        "ANY",
        "EVER",
        "NEVER",
        "STOP",
        "HELP",
        "PLEASE",
        "WHAT",
        "WHY",
        "HOW",
        "WHO",
        "THIS",
        "THAT",
        "JUST",
        "REALLY",
        "VERY",
    ]
)
"""Ordinary words in capitals are emphasis, not an abbreviation."""

_CAPITALS = re.compile(r"(?<![\w&-])([A-Z][A-Z0-9&]{1,6})(?:'?s)?(?![\w&])")
_REFERENCE_AFTER = re.compile(r"[- ]?\d")
_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
_SPELLED = re.compile(r"\b[A-Z](?:[-. ][A-Z]\b)+")


def abbreviations(line: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """Each word in capitals that reads as the trade's abbreviation, with its span."""
    postcodes = [m.span() for m in _POSTCODE.finditer(line)]
    for found in _CAPITALS.finditer(line):
        word = found.group(1)
        start, end = found.span(1)
        if word in EVERYDAY_ABBREVIATIONS or word in SHOUTED or not any(c.isalpha() for c in word):
            continue
        if _REFERENCE_AFTER.match(line, end) or any(a <= start < b for a, b in postcodes):
            continue  # a reference read out ("NV-88213") or a postcode ("RV4 2LN")
        yield word, (start, end)


def spelled_together(text: str) -> str:
    """A customer's "P-X-L" or "P X L" as the one word "PXL", so it counts as said by them."""
    return _SPELLED.sub(lambda m: re.sub(r"[-. ]", "", m.group(0)), text)
