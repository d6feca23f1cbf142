"""The talent-pool shortlist and the mentor matching, worked by hand."""

from __future__ import annotations

from analytics.matching import MentorOffer, PoolCandidate, rank_mentors, rank_shortlist


def test_the_shortlist_weighs_readiness_experience_development_and_interest() -> None:
    pool = [
        # 1 (ready in 12) + 2 (30 months in CP) + 1 (one programme) + 1 (interest) = 5
        PoolCandidate(
            2,
            "Bea",
            "ready_12",
            ("child_protection",),
            {"child_protection": 30},
            ("Firstline (2025)",),
        ),
        # 3 (ready now) + 1 (6 months) + 0 + 0 = 4
        PoolCandidate(1, "Ann", "ready_now", ("assessment",), {"child_protection": 6}),
        # 3 + 0 + 2 (two of three pieces count) + 0 = 5, but less experience than Bea
        PoolCandidate(3, "Cal", "ready_now", (), {}, ("A", "B", "C")),
    ]
    ranked = rank_shortlist(pool, team_type="child_protection", team_type_label="Child protection")
    assert [(r.name, r.score) for r in ranked] == [("Bea", 5), ("Cal", 5), ("Ann", 4)]
    assert ranked[0].reasons == (
        "Ready in 12 months",
        "2 years in child protection teams",
        "Completed Firstline (2025)",
        "Interested in managing child protection teams",
    )
    assert ranked[2].reasons == (
        "Ready now",
        "6 months in child protection teams (under a year)",
        "No leadership development recorded",
        "Interested in other kinds of team",
    )
    assert "No experience of child protection teams yet" in ranked[1].reasons


def test_mentors_leave_out_the_line_manager_the_person_and_the_full() -> None:
    offers = [
        MentorOffer(10, 1, "Mentee herself", capacity=2),
        MentorOffer(11, 2, "Her manager", capacity=2, champion=True),
        MentorOffer(12, 3, "Full", capacity=1, current=1, champion=True),
        MentorOffer(13, 4, "Seen often", capacity=1, seen_in_supervision=5),
        MentorOffer(14, 5, "Champion", capacity=3, current=1, champion=True, same_team=True),
        MentorOffer(15, 6, "Plain", capacity=1),
    ]
    ranked = rank_mentors(
        offers, mentee_id=1, line_manager_ids=frozenset({2}), skill="Working with fathers"
    )
    # Champion: 2 + room for 2 (1) = 3; Seen often: min(5, 3) = 3, other team wins the tie.
    assert [(r.person_id, r.score) for r in ranked] == [(13, 3), (14, 3), (15, 0)]
    assert ranked[1].reasons == (
        "Offers to mentor in working with fathers",
        "A practice champion for working with fathers",
        "Has room for 2 more",
        "Not your line manager",
        "Works in your team",
    )
    assert "Their supervisors recorded this skill in 5 sessions" in ranked[0].reasons
