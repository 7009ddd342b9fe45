"""Run the scenarios against a target: what `python -m tests.perf` and the small test share."""

from __future__ import annotations

import resource
from dataclasses import replace
from typing import Any

from .harness import Result, Run, Settings, page_weight
from .servers import Target

SCENARIOS = ("join", "ideas", "votes", "reconnect")


def raise_open_file_limit() -> int:
    """Every simulated phone holds a socket: lift the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def run_scenarios(target: Target, settings: Settings, scenarios: tuple[str, ...],
                        weigh_page: bool = False, on_result: Any = None
                        ) -> tuple[list[Result], dict[str, Any] | None]:
    """One workshop through the chosen storms in order; a storm that is not chosen but is
    needed by a later one (phones joined, ideas posted) runs quickly and unmeasured."""
    results: list[Result] = []
    weight = None
    async with Run(target, settings) as run:
        run.on_result = on_result
        if "join" in scenarios:
            results.append(await run.join_storm())
        else:
            run.on_result = None  # unmeasured set-up
            await run.join_storm(load_page=False)
            run.on_result = on_result
        if weigh_page and run.strict and run.phones:
            phone = run.phones[0]
            weight = await page_weight(target.urls[0], run.code, run.workshop_id, phone.token)
        if "ideas" in scenarios:
            results.append(await run.idea_storm())
        elif {"votes", "reconnect"} & set(scenarios):
            run.settings = replace(settings, idea_window=min(settings.idea_window,
                                                             len(run.phones) / 100))
            run.on_result = None
            await run.idea_storm()
            run.settings, run.on_result = settings, on_result
        if "votes" in scenarios:
            results.append(await run.vote_storm())
        if "reconnect" in scenarios:
            results.append(await run.reconnect_storm())
    return results, weight
