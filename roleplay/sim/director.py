"""The director: deterministic call state driven by the scenario file.

It never calls a model. Each trainee line arrives with the behaviours detected in it; the
director moves the mood (persona triggers first, `deltas.py` otherwise, scaled by the
difficulty), decides which hidden facts may now come out, marks goals met, and decides whether
the call ends. It also picks the authored line the scripted backend speaks.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from roleplay.detectors.frame import earned
from roleplay.scenarios.behaviours import PUSH_BACK, Behaviour, Move, move_of
from roleplay.scenarios.models import (
    Answer,
    Cast,
    DifficultyPreset,
    Goal,
    HiddenFact,
    MoodBand,
)
from roleplay.sim.deltas import DEFAULT_DELTAS
from roleplay.sim.ending import SAID_AT_END, closed_early_line, end_reason
from roleplay.sim.frame_replies import unsaid_frame_reply
from roleplay.sim.hearing import asks_about, covers, goal_met_in_line, proposes, questions_in
from roleplay.sim.hold import hold_asked_lines
from roleplay.sim.reaction_bank import fitting_reactions
from roleplay.sim.settled import settled, still_news
from roleplay.sim.state import CallState, EndReason, TurnOutcome
from roleplay.sim.wording import Phrasing, call_seed

B = Behaviour

IDLE_DRIFT = 4
"""Mood rise for a trainee line with nothing helpful in it: the customer grows impatient."""

LONG_HOLD_SECONDS = 90.0
"""A hold longer than this counts as a long hold."""


class Director:
    """Keeps one call's state; every change of mood, fact, goal and ending goes through it."""

    def __init__(
        self,
        cast: Cast,
        difficulty: str = "medium",
        seed: int | None = None,
        repeatable: bool = False,
    ) -> None:
        """`seed` fixes the call's chance (which wordings, which reactions are offered); a
        `repeatable` call without one (scripted lines, an exam) gets one from the scenario and
        difficulty, so it says the same words every time; otherwise each call picks afresh."""
        self.cast = cast
        self.scenario = cast.scenario
        self.persona = cast.persona
        self.preset: DifficultyPreset = self.scenario.difficulty.preset(difficulty)
        start = self._clamp(self.persona.mood_baseline + self.preset.mood_offset)
        self.state = CallState(mood=start, mood_start=start, band=MoodBand.of(start))
        self.rng = random.Random(call_seed(seed, repeatable, self.scenario.id, difficulty))
        self.phrasing = Phrasing(self.rng, lambda: self.state.trainee_turns)
        self._asked_text: list[str] = []
        self._fallback_index: dict[MoodBand, int] = {}
        self._frame_index = 0
        self._answered: set[int] = set()
        self._untold: list[HiddenFact] = []
        self._fresh: set[str] = set()
        self.said: set[str] = set()
        """Every customer line said so far in this call (so a chosen line is not said twice)."""
        self.last_said = ""
        """The customer's last line (so a chosen line does not say it again in other words)."""

    # ------------------------------------------------------------------ mood

    @staticmethod
    def _clamp(mood: float) -> float:
        return max(0.0, min(100.0, float(mood)))

    def delta_for(self, behaviour: Behaviour) -> float:
        """The mood change for one behaviour at this difficulty."""
        has_trigger = any(t.behaviour == behaviour for t in self.persona.triggers)
        raw = self.persona.delta_for(behaviour) if has_trigger else DEFAULT_DELTAS.get(behaviour, 0)
        if raw > 0:
            return raw * self.preset.mood_scale
        return raw / self.preset.mood_scale

    def _move(self, behaviours: list[Behaviour]) -> None:
        total = sum(self.delta_for(b) for b in behaviours)
        if total >= 0 and not any(self.delta_for(b) < 0 for b in behaviours):
            total += IDLE_DRIFT * self.preset.mood_scale
        self.state.mood = self._clamp(self.state.mood + total)
        self.state.band = MoodBand.of(self.state.mood)

    # ------------------------------------------------------------------ facts and goals

    def _revealable(self, fact: HiddenFact) -> bool:
        cond = fact.reveal
        if not all(f in self.state.revealed for f in cond.after_facts):
            return False
        if cond.asked_about and not any(asks_about(t, cond.asked_about) for t in self._asked_text):
            return False
        if cond.mood_below is not None:
            limit = cond.mood_below + self.preset.reveal_ease
            if self.state.mood >= limit:
                return False
        return not (cond.behaviours and not (set(cond.behaviours) & self.state.seen))

    def _reveal(self, text: str = "", behaviours: Iterable[Behaviour] = ()) -> list[HiddenFact]:
        """The fact that comes out now, if any: one a turn, as people open up gradually.

        What the trainee has just asked about comes first, ahead of a fact earned by trust or
        asked about earlier: the customer answers the question in front of them. A fact this
        line did not ask about stays untold (for a later turn) while the line wants something
        else of the customer (`_wants_other`).
        """
        waiting = [f for f in self.scenario.facts if f.id not in self.state.revealed]
        ready = [f for f in waiting if self._revealable(f)]
        # News earned by trust that a met goal has already answered is not worth the turn.
        ready.sort(key=lambda f: settled(f, self._met()))
        # A question an authored answer covers is what the line asks; news its statements only
        # mention ("I'll find out what's happened. What did the till say?") waits its turn.
        questions = questions_in(text)
        asking = questions if questions and self._answer(questions, give=False) else text
        asked = [
            f for f in ready if f.reveal.asked_about and asks_about(asking, f.reveal.asked_about)
        ]
        # What the line asks in a question comes before what it only mentions ("…so that
        # message makes sense. Did a letter arrive in May?" is about the letter, not texts).
        asked.sort(key=lambda f: not asks_about(questions, f.reveal.asked_about))
        if not asked and self._wants_other(text, behaviours):
            return []
        for fact in asked or ready[:1]:
            self.state.revealed.append(fact.id)
            return [fact]
        return []

    def _wants_other(self, text: str, behaviours: Iterable[Behaviour]) -> bool:
        """True when the line calls for something other than news the customer was not asked
        for: it pushed back (a customer told off answers that, not with their rent worry), it
        hedged ("umm, I'm not sure about photocopies" wants an answer to the doubt), it checked
        they understood, or it asked something an authored answer covers."""
        found = set(behaviours)
        if found & (PUSH_BACK | {B.HEDGES, B.CHECKS_UNDERSTANDING}):
            return True
        return self._answer(text, give=False) is not None

    def _goals(self, text: str, behaviours: list[Behaviour], released: list[str]) -> list[Goal]:
        before = [f for f in self.state.revealed if f not in released]
        met = [
            goal
            for goal in self.scenario.goals
            if goal.id not in self.state.goals_met
            and goal_met_in_line(goal, text, behaviours, before, self.state.revealed)
        ]
        self.state.goals_met.extend(g.id for g in met)
        return met

    @property
    def resolved(self) -> bool:
        """All required goals are met."""
        required = [g.id for g in self.scenario.goals if g.required]
        return all(g in self.state.goals_met for g in required)

    # ------------------------------------------------------------------ turns

    def on_trainee_line(
        self,
        text: str,
        behaviours: list[Behaviour],
        elapsed_s: float = 0.0,
        *,
        just_resumed: bool = False,
    ) -> TurnOutcome:
        """Apply one trainee line: mood, facts, goals, and whether the call ends now.

        A line that steps outside the call earns nothing (`earned`): no calmer mood, no goal,
        no fact, no answer, and its words never count as having asked about anything. Facts
        come out before goals are checked, so a line that draws out a worry and settles it in
        the same breath meets the goal that waits for it (`goal_met_in_line`). A hold request
        ("can I put you on hold while I check?") is answered first: news and answers wait.
        """
        state = self.state
        before = state.mood
        behaviours = earned(behaviours)
        outside = B.BREAKS_FRAME in behaviours
        state.trainee_turns += 1
        state.seen.update(behaviours)
        if not outside:
            self._asked_text.append(text)
        self._move(behaviours)
        move = move_of(behaviours, just_resumed, asks_leave=proposes(text))
        holding = move == Move.HOLD_ASKED
        new_facts = [] if outside or holding else self._reveal(text, behaviours)
        new_goals = self._goals(text, behaviours, [f.id for f in new_facts])
        outcome = TurnOutcome(
            behaviours=list(behaviours),
            mood_before=before,
            mood_after=state.mood,
            new_facts=new_facts,
            new_goals=new_goals,
            move=move,
        )
        # A line that pushes back gets a reaction to the push-back, not a plain answer to a
        # word in it ("nothing I can do about the add-on" is not a question about the add-on).
        if not new_facts and not outside and not holding and not set(behaviours) & PUSH_BACK:
            outcome.answer = self._answer(text)
        # A closing line that asks about a worry still untold ("anything else, like the bills
        # going out?") hears it first: the customer answers before any goodbye.
        asked_news = [f for f in new_facts if asks_about(text, f.reveal.asked_about)]
        closes = B.CLOSES_CALL in behaviours and not asked_news
        outcome.end_reason = end_reason(
            state, self.scenario.end, self.preset, closes, self.resolved, elapsed_s
        )
        state.end_reason = outcome.end_reason
        outcome.authored = self._authored(outcome)
        return outcome

    def _authored(self, outcome: TurnOutcome) -> str:
        lines = self.scenario.end.lines
        pick, reason = self.phrasing.pick, outcome.end_reason
        if reason in SAID_AT_END:
            return pick(lines.wordings(SAID_AT_END[reason]))
        if outcome.end_reason == EndReason.TURN_LIMIT:
            return self.fallback_line()
        if B.BREAKS_FRAME in outcome.behaviours:
            return self.frame_line()
        if outcome.new_facts:
            return self.told(outcome.new_facts[0])
        reactions = [g.reactions() for g in outcome.new_goals if g.customer_reaction]
        if reactions:
            return pick(reactions[0])
        if outcome.move == Move.HOLD_ASKED:
            return self.hold_asked_line()
        return self.fallback_line()

    def told(self, fact: HiddenFact | Answer) -> str:
        """A fact or an answer in one of the author's wordings for the current mood."""
        return self.phrasing.pick(fact.wordings(self.state.band)).strip()

    def _answer(self, text: str, give: bool = True) -> Answer | None:
        """A plain answer the line asks for, the first time it is asked (`give`: now given)."""
        for i, answer in enumerate(self.scenario.answers):
            if i not in self._answered and asks_about(text, answer.asked_about):
                if give:
                    self._answered.add(i)
                return answer
        return None

    def reaction_lines(self, move: Move) -> list[str]:
        """The authored reactions to `move` at the current mood, not yet said in this call."""
        band = self.state.band
        return fitting_reactions(self.scenario.reactions, move, band, self.said, self.last_said)

    def composed_line(self, outcome: TurnOutcome, text: str = "") -> tuple[str, str]:
        """The authored words this turn calls for, and their source, or ("", "") if none.

        A met goal's reaction comes first, and is the turn's news on its own: a fact released
        with it is told on the next turn, if at all, unless the line asked a question that fact
        (or an answer) settles, when the customer says the reaction and then answers. Facts and
        answers are said in the words of the current mood. A fact the trainee has just said is not
        told back as news. Otherwise a fact waiting to be told comes out, else an answer the
        line asked for, else, when the trainee wrapped up too early, the first open required
        goal's `if_closed_early` words.

        (Holding a fact back while the trainee asks about something else was tried and
        measured: it made the customer answer the question before last more often.)
        """
        if B.BREAKS_FRAME in outcome.behaviours and outcome.authored:
            return outcome.authored, "frame"
        reactions = [g.reactions() for g in outcome.new_goals if g.customer_reaction]
        if outcome.move == Move.HOLD_ASKED and not reactions:
            self._untold, self._fresh = [], set()
            return self.hold_asked_line(), "hold_asked"
        # A fact kept back for a reaction is told on the next turn or not at all: by then the
        # trainee has moved on, and news from two turns ago sounds like a non sequitur.
        waiting = [f for f in self._untold if f.id in self._fresh]
        # What this line asked about comes first, then a fact still waiting, then one earned
        # by trust.
        new = [f for f in outcome.new_facts if not covers(text, f)]
        asked = [f for f in new if f.reveal.asked_about and asks_about(text, f.reveal.asked_about)]
        self._untold = asked + waiting + [f for f in new if f not in asked]
        questions = questions_in(text)
        self._untold = still_news(self._untold, questions, self._met())
        if reactions:
            reaction = self.phrasing.pick(reactions[0]).strip()
            # The same line also asked something the customer can answer: a person says both,
            # the reaction first ("Thank you, that's kind. It says probate...").
            if (
                asked
                and asked[0] in self._untold
                and asks_about(questions, asked[0].reveal.asked_about)
            ):
                self._untold.remove(asked[0])
                self._fresh = {f.id for f in outcome.new_facts if f is not asked[0]}
                return f"{reaction} {self.told(asked[0])}", "reaction+fact"
            if (
                outcome.answer is not None
                and not outcome.new_facts
                and asks_about(questions, outcome.answer.asked_about)
            ):
                self._fresh = set()
                return f"{reaction} {self.told(outcome.answer)}", "reaction+answer"
            self._fresh = {f.id for f in outcome.new_facts}
            early = self._closed_early(outcome)
            if early:  # "Right, thank you for that. Hang on, when's the shopping coming?"
                return f"{reaction} {early}", "reaction+close_early"
            return reaction, "reaction"
        self._fresh = set()
        if self._untold:
            return self.told(self._untold.pop(0)), "fact"
        if outcome.answer is not None:
            return self.told(outcome.answer), "answer"
        early = self._closed_early(outcome)
        if early:
            return early, "close_early"
        return "", ""

    def _closed_early(self, outcome: TurnOutcome) -> str:
        """The open goal's words when the trainee wrapped up too soon (`ending.py`)."""
        if outcome.end_reason or self.resolved:
            return ""
        goals, met = self.scenario.goals, self.state.goals_met
        return closed_early_line(goals, met, outcome.behaviours, self.phrasing.pick)

    def _met(self) -> list[Goal]:
        return [g for g in self.scenario.goals if g.id in self.state.goals_met]

    def hold_asked_line(self) -> str:
        """The customer agreeing to be put on hold, in the words of their mood."""
        lines = hold_asked_lines(self.scenario.reactions, self.persona.archetype)
        fitting = fitting_reactions(
            lines, Move.HOLD_ASKED, self.state.band, self.said, self.last_said
        )
        return self.phrasing.pick(fitting).strip()

    def frame_line(self) -> str:
        """The customer's puzzled reply to a line from outside the call, not said before if
        another is left."""
        archetype, band, channel = self.persona.archetype, self.state.band, self.scenario.channel
        line, self._frame_index = unsaid_frame_reply(
            archetype, band, channel, self._frame_index, self.said
        )
        return line

    def fallback_line(self) -> str:
        """The next authored line for the current band, in rotation (deterministic)."""
        band = self.state.band
        options = self.scenario.fallbacks[band]
        i = self._fallback_index.get(band, 0)
        self._fallback_index[band] = i + 1
        return options[i % len(options)]

    # ------------------------------------------------------------------ holds and the end

    def on_hold(self, asked_permission: bool) -> None:
        """The trainee put the customer on hold (with or without asking first)."""
        self.state.on_hold = True
        self.state.holds += 1
        self._hold_asked = asked_permission

    def hold_counts_as(self, duration_s: float) -> list[Behaviour]:
        """What a hold of this length counts as: silent (not asked first), long, both or neither."""
        counted: list[Behaviour] = []
        if not getattr(self, "_hold_asked", False):
            counted.append(B.SILENT_HOLD)
        if duration_s > LONG_HOLD_SECONDS:
            counted.append(B.LONG_HOLD)
        return counted

    def mood_after_hold(self, duration_s: float) -> float:
        """The mood a hold of this length leaves (the meter shows it while the hold lasts)."""
        total = sum(self.delta_for(b) for b in self.hold_counts_as(duration_s))
        return self._clamp(self.state.mood + total)

    def on_resume(self, duration_s: float) -> list[Behaviour]:
        """The hold ended: a silent or long hold moves the mood. Returns what it counted as."""
        self.state.on_hold = False
        counted = self.hold_counts_as(duration_s)
        if counted:
            self.state.mood = self.mood_after_hold(duration_s)
            self.state.band = MoodBand.of(self.state.mood)
        self.state.seen.update(counted)
        return counted

    def end(self, reason: EndReason) -> None:
        """End the call from outside (the trainee hung up, time ran out, the app quit)."""
        if self.state.end_reason is None:
            self.state.end_reason = reason
