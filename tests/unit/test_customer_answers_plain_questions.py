"""Plain questions an agent asks get the reply that answers them, in every bundled scenario.

From a question audit of the eight customers: about 330 questions in everyday words were run
through the director's matching. Some got nothing (the customer's phone number, when Ray died,
kick-off), some got the wrong reply because a broad word belonged to something else ("Is there
an error message?" brought out Arthur's old mobile, "Why are you leaving?" Helen's offer from
Brightwave, "Could I take your husband's full name?" Margaret's own name). A sample of each kind
is held here; a reply is named by its fact id, or by words of the answer's first wording.
"""

from __future__ import annotations

import pytest
from debrief_data import cast_for

from roleplay.sim.director import Director
from roleplay.sim.hearing import asks_about, questions_in

CASES = [
    ("app-login-confused", "Is there an error message?", "not recognised"),
    ("app-login-confused", "What's showing on your phone at the moment?", "not recognised"),
    ("app-login-confused", "When did you change your number?", "fact:old-number"),
    ("app-login-confused", "How long have you banked with us?", "Easy Saver"),
    ("app-login-confused", "Did anything come through the door from us lately?", "fact:the-letter"),
    ("bereavement-account", "Could I take your husband's full name, please?", "Raymond"),
    ("bereavement-account", "When did Raymond pass away?", "third of May"),
    ("bereavement-account", "Is the account in his name?", "his name"),
    ("bereavement-account", "Is this the best number to reach you on?", "house phone"),
    ("bereavement-account", "Thank you. And may I ask when Ray passed away?", "third of May"),
    ("credit-card-dispute", "Can I confirm your email address for the form?", "outlook"),
    ("credit-card-dispute", "Have you been away anywhere recently?", "fact:gym-trial"),
    ("credit-card-dispute", "What's the name of the company on your statement?", "Northgate"),
    ("credit-card-dispute", "Have you contacted the merchant at all?", "straight to you"),
    ("demands-supervisor", "When is your direct debit due to come out?", "Friday"),
    ("demands-supervisor", "How many times have you called about this?", "fact:the-promises"),
    ("demands-supervisor", "What would you like to happen today?", "bill put right"),
    ("leaving-for-competitor", "Can I ask why you're looking to leave?", "roaming"),
    ("leaving-for-competitor", "Why are you leaving?", "roaming"),
    ("leaving-for-competitor", "Where were you travelling?", "fact:the-wedding"),
    ("leaving-for-competitor", "Could you make calls at all?", "Emergency calls only"),
    ("loyalty-card-blocked", "What happened at the till?", "declined"),
    ("loyalty-card-blocked", "Have you had any letters from us lately?", "fact:moved-house"),
    ("loyalty-card-blocked", "When could you get back to the shop?", "quarter to six"),
    (
        "parent-in-hospital",
        "Is there anything in there you particularly need?",
        "fact:items-for-amara",
    ),
    ("parent-in-hospital", "Is there a front desk that could take it?", "front desk"),
    ("service-down-hold-music", "Have you called about this before?", "Saturday"),
    ("service-down-hold-music", "What time is kick-off?", "Quarter to eight"),
    ("service-down-hold-music", "Have you spoken to us already?", "Saturday"),
]


def _reply(scenario_id: str, line: str) -> str:
    """What the line draws out on a fresh call, mood and trust aside: the fact it asks about
    (facts come first, as in the call), else the answer's first wording, else ""."""
    director = Director(cast_for(scenario_id), "medium")
    questions = questions_in(line) or line
    for fact in director.scenario.facts:
        if fact.reveal.asked_about and asks_about(questions, fact.reveal.asked_about):
            return f"fact:{fact.id}"
    answer = director._answer(line, give=False)
    return answer.says[0] if answer else ""


@pytest.mark.parametrize(("scenario_id", "line", "expected"), CASES)
def test_a_plain_question_gets_the_reply_that_answers_it(
    scenario_id: str, line: str, expected: str
) -> None:
    reply = _reply(scenario_id, line)
    if expected.startswith("fact:"):
        assert reply == expected
    else:
        assert expected.lower() in reply.lower(), reply
