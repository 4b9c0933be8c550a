"""A progress bar on stderr for long commands, kept apart from views.terminal so a run that
shows none (output through a pipe, --quiet) does not import rich."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def progress(enabled: bool, steps: int) -> Iterator:
    """A progress bar on stderr over the steps of a long command; `step(text)` starts the next
    step. Disabled, `step` does nothing (nothing is printed)."""
    if not enabled:
        yield lambda text: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar_ = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)
    task = bar_.add_task("", total=steps)
    started = [False]

    def step(text: str) -> None:
        if started[0]:
            bar_.advance(task)
        started[0] = True
        bar_.update(task, description=text)

    with bar_:
        yield step
        bar_.update(task, completed=steps)
