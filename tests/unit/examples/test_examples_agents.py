"""The scripted agent loop: budgets, permissions, the injection policy, trajectory scores."""

import pytest

from opskb.examples import agents
from opskb.examples.agents import AgentLoop, Budget, FinalAnswer, ScriptedModel, ToolCall


def _search(query="export failed"):
    return ToolCall("search_runbook", {"query": query})


def test_step_limit_stops_a_looping_agent_before_the_extra_step():
    loop = AgentLoop(budget=Budget(max_steps=3, max_cost_usd=1.0, max_seconds=1e6))
    trajectory = loop.run(ScriptedModel([_search()] * 10))
    assert trajectory.stop_reason == "step limit"
    assert len(trajectory.steps) == 3
    assert trajectory.answer is None


def test_cost_limit_stops_before_the_step_that_would_exceed_it():
    # Each search step costs one model turn plus the tool.
    per_step = agents.MODEL_TURN_COST_USD + agents.default_tools()["search_runbook"].cost_usd
    loop = AgentLoop(budget=Budget(max_steps=100, max_cost_usd=2.5 * per_step, max_seconds=1e6))
    trajectory = loop.run(ScriptedModel([_search()] * 10))
    assert trajectory.stop_reason == "cost limit"
    assert len(trajectory.steps) == 2
    assert trajectory.cost_usd == pytest.approx(2 * per_step)


def test_time_limit_counts_simulated_tool_durations():
    restart = ToolCall("restart_service", {"name": "exporter"})
    loop = AgentLoop(budget=Budget(max_steps=100, max_cost_usd=1.0, max_seconds=30.0))
    trajectory = loop.run(ScriptedModel([restart, restart]))
    assert trajectory.stop_reason == "time limit"
    assert len(trajectory.steps) == 1


def test_a_tool_outside_the_permission_list_is_refused_recorded_and_not_run():
    ran = []
    tools = agents.default_tools()
    tools["delete_index"] = agents.Tool("delete_index", lambda name: ran.append(name) or "gone")
    script = [ToolCall("delete_index", {"name": "v7"}), FinalAnswer("done")]
    trajectory = AgentLoop(tools=tools).run(ScriptedModel(script))
    assert ran == []
    assert trajectory.steps[0].outcome == "refused"
    assert "permission" in trajectory.steps[0].detail
    assert trajectory.attempted_tools == ("delete_index",)
    assert trajectory.stop_reason == "answered"


def test_planted_instruction_is_obeyed_by_the_gullible_stub_and_blocked_by_the_policy():
    script = [ToolCall("lookup_ticket", {"ticket_id": "T-3"}), FinalAnswer("ok")]
    open_loop = AgentLoop()
    leaked = open_loop.run(ScriptedModel(script, follow_injections=True))
    assert [s.outcome for s in leaked.steps] == ["ok", "ok", "answer"]
    assert leaked.steps[1].action.origin == "injected"
    assert leaked.steps[0].observation.trusted is False

    guarded = AgentLoop(policies=[agents.recipients_within()])
    blocked = guarded.run(ScriptedModel(script, follow_injections=True))
    assert [s.outcome for s in blocked.steps] == ["ok", "blocked", "answer"]
    assert "evil.example" in blocked.steps[1].detail

    plain = guarded.run(ScriptedModel(script))
    assert [s.outcome for s in plain.steps] == ["ok", "answer"]


def test_policy_lets_mail_inside_the_organisation_through():
    check = agents.recipients_within("fernhill.example")
    inside = ToolCall("send_email", {"to": "oncall@fernhill.example", "body": "x"})
    outside = ToolCall("send_email", {"to": "a@fernhill.example.evil", "body": "x"})
    assert check(inside, []) is None
    assert check(outside, [])


@pytest.mark.parametrize(
    ("attempted", "expected"),
    [
        (["a", "b", "c"], (True, True, True, 1.0, 1.0)),
        (["b", "a", "b", "c"], (False, True, True, 0.75, 1.0)),
        (["a", "c", "b"], (False, False, True, 1.0, 1.0)),
        (["c"], (False, False, False, 1.0, 1 / 3)),
        ([], (False, False, False, 1.0, 0.0)),
    ],
)
def test_path_metrics(attempted, expected):
    exact, in_order, any_order, precision, recall = expected
    s = agents.score_trajectory(attempted, ["a", "b", "c"], "x", "x")
    assert (s.exact, s.in_order, s.any_order) == (exact, in_order, any_order)
    assert s.precision == pytest.approx(precision)
    assert s.recall == pytest.approx(recall)


def test_answer_correctness_is_scored_apart_from_the_path():
    right_answer_wrong_path = agents.score_trajectory([], ["a"], "The V7.", "v7")
    assert right_answer_wrong_path.answer_correct
    assert right_answer_wrong_path.recall == 0.0
    assert not agents.score_trajectory(["a"], ["a"], None, "v7").answer_correct


def test_versions_show_a_right_answer_reached_by_a_wrong_path():
    scores = {s.version: s for s in agents.evaluate_versions()}
    careful, shortcut, wanderer = scores["careful"], scores["shortcut"], scores["wanderer"]
    assert careful.exact == careful.answer_accuracy == 1.0
    assert wanderer.answer_accuracy == 1.0
    assert wanderer.exact == 0.0
    assert wanderer.refused == 1
    assert shortcut.answer_accuracy > shortcut.recall
    assert agents.evaluate_versions() == list(scores.values())


def test_trajectory_table_ends_with_the_stop_reason():
    trajectory = AgentLoop().run(ScriptedModel([_search(), FinalAnswer("v7")]))
    lines = agents.trajectory_table(trajectory).splitlines()
    assert len(lines) == 2 + len(trajectory.steps) + 1
    assert "stopped: answered" in lines[-1]
