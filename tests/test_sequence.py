"""The put-in-order exercise: moving steps, checking an order with feedback per misplaced step,
messages for an order that cannot be checked, and the content model's checks."""

import copy

import pytest

from hrcourse.content import ContentError, load_yaml
from hrcourse.content.base import parse
from hrcourse.content.sequence import Sequences, find_sequence
from hrcourse.logic import sequence as logic

RIGHT = ["check", "call", "naloxone", "breathe", "side", "stay"]


@pytest.fixture(scope="module")
def seq():
    return find_sequence("opioid-overdose")


def test_the_overdose_sequence_follows_the_published_order(seq):
    # CDC "Stop Overdose" and ASAM's patient guide: check, call 911, naloxone, breathing,
    # recovery position, stay until help arrives.
    assert seq.order == RIGHT
    assert seq.start != RIGHT and sorted(seq.start) == sorted(RIGHT)


def test_the_right_order_is_all_right(seq):
    result = logic.check(seq, RIGHT)
    assert result.all_right and result.correct == 6
    assert result.summary() == "All 6 steps are in the right order."


def test_each_misplaced_step_gets_its_direction_and_reason(seq):
    swapped = ["check", "naloxone", "call", "breathe", "side", "stay"]
    result = logic.check(seq, swapped)
    wrong = [p for p in result.placements if not p.right]
    assert [(p.step_id, p.position, p.right_position, p.direction) for p in wrong] == [
        ("naloxone", 2, 3, "later"), ("call", 3, 2, "earlier")]
    assert "Good Samaritan" in wrong[1].why
    assert result.summary() == ("4 of 6 steps are in the right place. “Give naloxone” goes "
                                "later; “Call 911” goes earlier.")


def test_move_shifts_one_place_and_stops_at_the_ends(seq):
    assert logic.move(seq, RIGHT, "call", -1)[:2] == ["call", "check"]
    assert logic.move(seq, RIGHT, "check", -1) == RIGHT
    assert logic.move(seq, RIGHT, "stay", +1) == RIGHT
    assert logic.move(seq, RIGHT, "side", +1)[-2:] == ["stay", "side"]


@pytest.mark.parametrize("order, message", [
    (RIGHT[:-1], "step(s) stay missing from the order"),
    (RIGHT + ["pray"], "no step 'pray'; the steps are check, call,"),
    (RIGHT[:-1] + ["call"], "step 'call' appears more than once"),
])
def test_an_order_that_is_not_the_steps_once_each_is_named(seq, order, message):
    with pytest.raises(logic.OrderError) as err:
        logic.check(seq, order)
    assert message in str(err.value)
    assert str(err.value).startswith("Responding to a suspected opioid overdose:")


def raw():
    return copy.deepcopy(load_yaml("sequences.yml"))


@pytest.mark.parametrize("change, message", [
    (lambda r: r["sequences"][0].update(start=RIGHT), "start is already the right order"),
    (lambda r: r["sequences"][0].update(start=RIGHT[:-1]), "start must list every step once"),
    (lambda r: r["sequences"][0].update(objective="08.1"),
     "objective 08.1 is not one of lesson 09's"),
    (lambda r: r["sequences"][0]["steps"][0].update(wy="x"), "field 'wy': unknown field"),
])
def test_the_model_names_what_is_wrong_in_the_file(change, message):
    data = raw()
    change(data)
    with pytest.raises(ContentError) as err:
        parse(Sequences, data, "data/sequences.yml")
    assert message in str(err.value)


def test_an_unknown_sequence_names_those_that_exist():
    with pytest.raises(ContentError, match=r"no sequence 'cpr' \(known: opioid-overdose\)"):
        find_sequence("cpr")
