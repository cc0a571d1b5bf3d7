"""One browser session's app process on the team server (`roleplay serve` starts it).

The server has already signed the person in and checked their role; it passes who they are in
the environment, never on the command line, so the name on their calls is the account's and is
not typed. `python -m roleplay.tui.served call|review|scenarios`.
"""

from __future__ import annotations

import os
import sys

from roleplay.serve.env import USER_ENV

APPS = ("call", "review", "scenarios")


def run_call_app(name: str) -> None:
    """The call app with the account's name fixed; a call open at exit is saved as abandoned."""
    from roleplay.config import load_settings
    from roleplay.tui.app import build_app
    from roleplay.workspace import find_workspace

    app = build_app(
        settings=load_settings(),
        workspace=find_workspace(),
        trainee=name,
        remember=False,
        name_fixed=True,
    )
    try:
        app.run()
    finally:
        app.abandon_open_call()


def run_review_app(name: str) -> None:
    """The review app over every call in the server's workspace, overrides signed with `name`."""
    from roleplay.grading.auto import grader_for
    from roleplay.store.index import ReviewIndex
    from roleplay.tui.review.app import ReviewApp
    from roleplay.tui.review.context import ReviewContext
    from roleplay.workspace import find_workspace

    workspace = find_workspace()
    grade = grader_for(lambda: workspace.playable_library()[0])
    index = ReviewIndex(workspace.transcripts_dir)
    try:
        report = index.refresh(lambda _done: None, grade=grade)
        context = ReviewContext(index=index, reviewer=name, grade=grade)
        ReviewApp(context, warnings=report.warnings).run()
    finally:
        index.close()


def run_scenarios_app() -> None:
    """The trainer's Scenarios app over the server's workspace; unsaved text kept as drafts."""
    from roleplay.config import load_settings
    from roleplay.tui.scenarios.app import run_scenarios_app as run
    from roleplay.workspace import find_workspace

    run(find_workspace(), load_settings())


def main(argv: list[str]) -> int:
    """Run the app named in `argv` for the person named in the environment."""
    name = os.environ.get(USER_ENV, "").strip()
    if len(argv) != 1 or argv[0] not in APPS or not name:
        print(
            f"usage: {USER_ENV}=NAME python -m roleplay.tui.served {'|'.join(APPS)}",
            file=sys.stderr,
        )
        return 2
    if argv[0] == "call":
        run_call_app(name)
    elif argv[0] == "review":
        run_review_app(name)
    else:
        run_scenarios_app()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
