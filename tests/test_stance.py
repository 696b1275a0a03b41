"""Stance scoring: reverse keying, domain means, bands, pre/post comparison."""

import pytest

from hrcourse.content.stance import load_instrument
from hrcourse.logic import stance

DOMAINS = {"trauma", "addiction", "substance-use", "chemical-dependence",
           "recovery-support-groups", "neuroplasticity", "overdose-prevention-centers",
           "cannabis-dispensaries", "mat"}


def test_instrument_covers_the_nine_domains_and_says_it_is_not_validated():
    inst = load_instrument()
    assert {d.id for d in inst.domains} == DOMAINS
    assert "not a validated" in inst.note.lower()
    assert any(i.reverse for i in inst.items) and any(not i.reverse for i in inst.items)


def test_reverse_items_are_flipped():
    item = stance.StanceItem(id="x", domain="trauma", text="t", reverse=True)
    assert [stance.item_score(item, a) for a in (1, 3, 5)] == [5, 3, 1]
    with pytest.raises(ValueError):
        stance.item_score(item, 7)


def test_domain_scores_average_answered_items_only():
    inst = load_instrument()
    first_domain = inst.domains[0].id
    items = [i for i in inst.items if i.domain == first_domain]
    answers = {items[0].id: 5 if not items[0].reverse else 1}
    scores = stance.domain_scores(inst, answers)
    assert scores == {first_domain: 5.0}


def test_bands_and_comparison():
    assert [stance.band(s) for s in (1.0, 2.49, 2.5, 3.99, 4.0)] == \
        ["low", "low", "middle", "middle", "high"]
    rows = stance.compare({"trauma": 2.0, "mat": 3.0}, {"trauma": 3.5})
    assert rows == [("trauma", 2.0, 3.5, 1.5)]
