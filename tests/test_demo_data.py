"""The demo's fiction, read from the TOML files shipped in `dutydesk/demo_data/`."""

from __future__ import annotations

from typing import Any

import pytest

from dutydesk import demo_data as data
from dutydesk.domain import vocab


def test_the_files_give_the_shapes_the_demo_relies_on() -> None:
    assert len(data.SCENARIOS) == len({s.key for s in data.SCENARIOS})
    assert {s.urgency for s in data.SCENARIOS} <= set(vocab.codes(vocab.defaults().urgencies))
    assert all(s.referrer in data.REFERRERS for s in data.SCENARIOS)
    assert all(isinstance(s.ages, tuple) and s.ages for s in data.SCENARIOS)
    assert any(data.UNBORN in s.ages for s in data.SCENARIOS)
    assert any(data.UNDER_ONE in s.ages for s in data.SCENARIOS)
    assert any(not s.dob_known for s in data.SCENARIOS)
    assert any(s.amend is not None for s in data.SCENARIOS)
    assert data.REFERRERS["school"].orgs == ()
    assert data.REFERRERS["mum"] == data.Referrer(("",), ("Parent",), "Mother", True, "f")
    assert (
        set(data.ROSTER) == set(vocab.codes(vocab.defaults().agencies)) == set(data.GENERIC_VIEWS)
    )
    assert "default" not in data.OTHER_OWNERS and data.OTHER_OWNER
    assert [young for young, _, _ in data.SETTINGS] == sorted(
        young for young, _, _ in data.SETTINGS
    )


def scenario(**changes: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "key": "k", "urgency": "routine", "ages": [8, "under one"], "referrer": "school",
        "seen": "s", "told": "t", "wants": "w", "needs": ["neglect"], "knows": "yes",
        "consent": "yes", "action": [
            {"what": "Ring back", "owner": "mash", "need": "neglect", "days": 0, "hour": 16}
        ],
    }  # fmt: skip
    table.update(changes)
    return table


def test_a_scenario_table_reads_into_tuples() -> None:
    read = data._scenario(scenario(), "scenario[0]")
    assert read.ages == (8, data.UNDER_ONE)
    assert read.actions == (("Ring back", "mash", "neglect", 0, 16),)
    assert read.decisions == () and read.views == () and read.amend is None and read.dob_known


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dob_knwon": False}, "unexpected dob_knwon"),
        ({"ages": ["newborn"]}, "ages[0]: an age in words"),
        ({"ages": [True]}, "expected a whole number"),
        ({"needs": "neglect"}, "needs: expected a list"),
        ({"seen": 3}, "seen: expected text"),
        ({"action": [{"what": "x", "owner": "mash", "need": "n", "days": 1}]}, "hour is missing"),
    ],
)
def test_a_malformed_scenario_names_where(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(data.DemoDataError, match="scenario\\[0\\]") as caught:
        data._scenario(scenario(**changes), "scenario[0]")
    assert message in str(caught.value)
