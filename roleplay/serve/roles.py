"""Who may do what on the team server: the roles and the one table of their permissions."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A person's role on the team server; each role may do everything the one before it may."""

    TRAINEE = "trainee"
    TRAINER = "trainer"
    TEAM_LEAD = "team-lead"


class Permission(StrEnum):
    """One thing the server lets a signed-in person do."""

    TAKE_CALLS = "take calls"
    OWN_DEBRIEFS = "read their own debriefs"
    CHECK_SCENARIOS = "check the scenario files"
    EDIT_SCENARIOS = "edit and validate scenario files"
    RUN_SELFPLAY = "run self-play on a scenario"
    REVIEW_EVERYONE = "review everyone's calls, override scores"
    EXPORT = "export the team's results"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.TRAINEE: frozenset({Permission.TAKE_CALLS, Permission.OWN_DEBRIEFS}),
    Role.TRAINER: frozenset(
        {
            Permission.TAKE_CALLS,
            Permission.OWN_DEBRIEFS,
            Permission.CHECK_SCENARIOS,
            Permission.EDIT_SCENARIOS,
            Permission.RUN_SELFPLAY,
        }
    ),
    Role.TEAM_LEAD: frozenset(Permission),
}


def may(role: Role, permission: Permission) -> bool:
    """Whether `role` may do `permission` (the server checks this on every request)."""
    return permission in ROLE_PERMISSIONS[role]


def parse_role(text: str) -> Role:
    """A role from what a person typed ('team lead', 'team_lead' and 'lead' all work)."""
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    if key == "lead":
        key = Role.TEAM_LEAD.value
    try:
        return Role(key)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role '{text}'; choose one of: {choices}") from None
