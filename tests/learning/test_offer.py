"""Finding what is meant for you (a newly qualified worker, a senior practitioner, a partner),
the exchange ledger after places flow both ways, CPD across a registration-year boundary, the
needs analysis, champions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.learning.conftest import Org, item, session
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.learning.models import Booking, Champion, CpdRecord, Need, RegistrationRule
from thrive.learning.registration import cpd_check, registration_year
from thrive.learning.selectors import feedback_summary, needs_analysis, recommended_for, team_gaps
from thrive.learning.services import book, exchange_offer, item_publish
from thrive.people.models import Service
from thrive.supervision.selectors import supervised_spells


@pytest.mark.django_db
def test_each_person_finds_what_is_meant_for_them(council: Org) -> None:
    asye = item(council.org, "ASYE recall day", career_stages=["asye"])
    seniors = item(council.org, "Practice educator course", career_stages=["senior"])
    safeguarding = item(council.org, "Safeguarding refresher", mandatory=True, renewal_months=24)
    today = clock.today()
    nq = {r.item.title: r for r in recommended_for(council.nqsw, today)}
    assert set(nq) == {"ASYE recall day", "Safeguarding refresher"}
    assert (
        nq["Safeguarding refresher"].reasons[0]
        == "Mandatory for you, and you have not done it yet."
    )
    assert "Meant for your stage: newly qualified (asye)." in nq["ASYE recall day"].reasons
    sp = [r.item.title for r in recommended_for(council.senior, today)]
    assert (
        sp[0] == "Safeguarding refresher"
        and "Practice educator course" in sp
        and "ASYE recall day" not in sp
    )
    gaps = {
        r["spell"].person.first_name: r
        for r in team_gaps(council.org, supervised_spells(council.org, today), today)
    }
    assert gaps["Nia"]["missing"] == [safeguarding]
    nq_items = [r.item for r in recommended_for(council.nqsw, today)]
    assert asye in nq_items and safeguarding in nq_items and seniors not in nq_items


@pytest.mark.django_db
def test_a_partner_sees_and_books_only_what_is_offered(council: Org, client: Client) -> None:
    offered = session(item(council.org, "Domestic abuse awareness"), capacity=5)
    not_offered = session(item(council.org, "Internal systems training"), capacity=5)
    exchange_offer(session=offered, partner=council.partner, places=1, actor=council.lead)
    client.force_login(council.partner_user)
    catalogue = client.get(reverse("learning:catalogue", args=[council.org.code]))
    assert catalogue.status_code == 302
    page = client.get(reverse("learning:exchange_places", args=[council.org.code])).content.decode()
    assert "Domestic abuse awareness" in page and "Internal systems training" not in page
    offer = offered.offers.get()
    client.post(reverse("learning:exchange_places", args=[council.org.code]), {"offer": offer.pk})
    assert Booking.objects.get().partner == council.partner
    with pytest.raises(ThriveError, match="no places left"):
        book(session=offered, user=council.lead, partner=council.partner)
    with pytest.raises(ThriveError, match="no places left"):
        book(session=not_offered, user=council.partner_user, partner=council.partner)
    assert (
        client.get(
            reverse("learning:item", args=[council.org.code, not_offered.item_id])
        ).status_code
        == 403
    )


def cpd(council: Org, on: date, peer: bool = False) -> CpdRecord:
    return CpdRecord.objects.create(
        organisation=council.org,
        person=council.senior,
        cpd_type="reading",
        title="x",
        on=on,
        hours=Decimal(1),
        peer_reflected=peer,
        peer_name="Sam" if peer else "",
    )


@pytest.mark.django_db
def test_cpd_across_a_registration_year_boundary(council: Org) -> None:
    # The 2026 registration year is 1 Dec 2025 to 30 Nov 2026.
    assert registration_year(date(2026, 11, 30), RegistrationRule()) == (
        date(2025, 12, 1),
        date(2026, 11, 30),
    )
    assert registration_year(date(2026, 12, 1), RegistrationRule()) == (
        date(2026, 12, 1),
        date(2027, 11, 30),
    )
    records = [
        cpd(council, date(2025, 11, 30), peer=True),
        cpd(council, date(2025, 12, 1)),
        cpd(council, date(2026, 11, 30)),
    ]
    check = cpd_check(records, date(2026, 10, 1), [])
    assert (check.records, check.peer_reflected, check.met) == (2, 0, False)
    assert check.missing == ("a record reflected on with a peer",)
    assert check.in_renewal_window and check.days_to_deadline == 60
    after = cpd_check(records, date(2026, 12, 1), [])
    assert (after.records, after.missing) == (
        0,
        ("2 more CPD records", "a record reflected on with a peer"),
    )
    # A council recording a rule change from 2027: three records, two with a peer.
    rule = RegistrationRule(
        organisation=council.org,
        effective_from=date(2026, 12, 1),
        minimum_records=3,
        minimum_peer_reflected=2,
    )
    assert cpd_check(records, date(2027, 1, 1), [rule]).missing == (
        "3 more CPD records",
        "2 more records reflected on with a peer",
    )
    assert cpd_check(records, date(2026, 10, 1), [rule]).missing == (
        "a record reflected on with a peer",
    )


@pytest.mark.django_db
def test_needs_analysis_ranks_what_sources_agree_on(council: Org, client: Client) -> None:
    course = item(council.org, "Working with neglect")

    def need(voice: str, topic: str, weight: int) -> Need:
        return Need.objects.create(
            organisation=council.org,
            voice=voice,
            source=f"{voice} source",
            topic=topic,
            weight=weight,
            recorded_on=date(2026, 5, 1),
        )

    need("workforce", "Neglect", 3).items.add(course)
    need("families", "neglect ", 2)
    need("evidence", "Neglect", 2)
    need("workforce", "Report writing", 5)
    need("evidence", "Exploitation", 4)
    ranked = needs_analysis(council.org)
    assert [(p.topic, p.score) for p in ranked] == [
        ("Neglect", 21),
        ("Report writing", 5),
        ("Exploitation", 4),
    ]
    assert ranked[0].agreement == "All three sources agree" and not ranked[0].unmet
    assert ranked[1].unmet
    client.force_login(council.lead)
    csv = client.get(
        reverse("learning:needs", args=[council.org.code]), {"format": "csv"}
    ).content.decode()
    assert csv.splitlines()[1].startswith("1,Neglect,21,All three sources agree")


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_champions_are_told_on_publication(council: Org, client: Client) -> None:
    service = Service.objects.get(organisation=council.org, name="Safeguarding")
    Champion.objects.create(organisation=council.org, person=council.senior, service=service)
    draft = item(council.org, "Exploitation forum", service=service)
    draft.published_at = None
    draft.save()
    assert item_publish(item=draft, actor=council.lead) == 1
    assert (
        mail.outbox[0].to == ["sol@example.test"] and "Exploitation forum" in mail.outbox[0].subject
    )
    client.force_login(council.senior_user)
    assert (
        "Exploitation forum"
        in client.get(reverse("learning:champion", args=[council.org.code])).content.decode()
    )
    page = client.get(reverse("learning:item", args=[council.org.code, draft.pk])).content.decode()
    assert "Share this with your colleagues" in page
    client.force_login(council.nqsw_user)
    assert client.get(reverse("learning:champion", args=[council.org.code])).status_code == 403


@pytest.mark.django_db
def test_pages_for_each_role(council: Org, client: Client) -> None:
    it = item(council.org, "Court skills", career_stages=["asye"])
    session(it)
    code = council.org.code
    client.force_login(council.nqsw_user)
    page = client.get(reverse("learning:catalogue", args=[code])).content.decode()
    assert "Recommended for you" in page and "Court skills" in page
    assert client.get(reverse("learning:cpd", args=[code])).status_code == 200
    assert client.get(reverse("learning:needs", args=[code])).status_code == 403
    client.force_login(council.manager_user)
    assert "Court skills" in client.get(reverse("learning:catalogue", args=[code])).content.decode()
    assert client.get(reverse("learning:team", args=[code])).status_code == 200
    assert client.get(reverse("learning:cpd_team", args=[code])).status_code == 200
    client.force_login(council.lead)
    for name in ["needs", "exchange", "feedback_report", "champions", "item_new"]:
        assert client.get(reverse(f"learning:{name}", args=[code])).status_code == 200, name
    client.force_login(council.nqsw_user)
    for name in ["needs", "exchange", "feedback_report", "champions", "item_new"]:
        assert client.get(reverse(f"learning:{name}", args=[code])).status_code == 403, name


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
@pytest.mark.today("2026-11-20")  # Nia, who started 60 days ago, joined after 1 September
def test_cpd_reminders_before_the_year_ends(
    council: Org, capsys: pytest.CaptureFixture[str]
) -> None:
    from thrive.cli import main

    cpd(council, date(2026, 1, 10), peer=True)
    cpd(council, date(2026, 2, 10))  # Sol has met the rule; Mo has not (Nia starts later)
    assert (
        main(["reminders", "send", "--org", council.org.code, "--on", "2026-09-01"]) == 0
    )  # 90 days
    told = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("CPD"))
    assert told == ["mo@example.test"]
    assert "2 more CPD records" in [m for m in mail.outbox if m.to == ["mo@example.test"]][0].body
    mail.outbox.clear()
    # Run again the same day, it tells nobody twice.
    assert main(["reminders", "send", "--org", council.org.code, "--on", "2026-09-01"]) == 0
    assert not [m for m in mail.outbox if m.subject.startswith("CPD")]
    assert main(["reminders", "send", "--org", council.org.code, "--on", "2026-09-02"]) == 0
    assert not [m for m in mail.outbox if m.subject.startswith("CPD")]
    assert "reminded 1 person about their CPD" in capsys.readouterr().out


@pytest.mark.django_db
def test_registration_rules_are_edited_in_the_app(council: Org, client: Client) -> None:
    client.force_login(council.lead)
    url = reverse("learning:cpd_rules", args=[council.org.code])
    data = {
        "effective_from_0": "1",
        "effective_from_1": "12",
        "effective_from_2": "2027",
        "year_start_day": "1",
        "year_start_month": "12",
        "renewal_window_start_day": "1",
        "renewal_window_start_month": "9",
        "minimum_records": "3",
        "minimum_peer_reflected": "4",
    }
    assert "cannot be more than the records needed" in client.post(url, data).content.decode()
    assert client.post(url, {**data, "minimum_peer_reflected": "2"}).status_code == 302
    rules = list(RegistrationRule.objects.filter(organisation=council.org))
    assert cpd_check([], date(2028, 1, 1), rules).missing == (
        "3 more CPD records",
        "2 more records reflected on with a peer",
    )
    client.force_login(council.manager_user)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_cpd_page_for_someone_with_no_record(council: Org, client: Client) -> None:
    client.force_login(council.lead)
    page = client.get(reverse("learning:cpd", args=[council.org.code])).content.decode()
    assert "You have no record" in page and "CPD in your teams" in page


@pytest.mark.django_db
def test_the_cpd_page_on_29_february(
    council: Org, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thrive.learning.registration import previous_year_day

    # 29 February 2028 is in the registration year 1 Dec 2027 – 30 Nov 2028; the year before
    # ends on 30 Nov 2027. Replacing the year (29 Feb 2027) does not exist.
    assert previous_year_day(date(2028, 2, 29), []) == date(2027, 11, 30)
    assert previous_year_day(date(2027, 12, 1), []) == date(2027, 11, 30)
    leap_day = date(2028, 2, 29)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: leap_day)
    client.force_login(council.senior_user)
    page = client.get(reverse("learning:cpd", args=[council.org.code]))
    assert page.status_code == 200
    assert "1 December 2027" in page.content.decode()


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_cpd_reminders_follow_the_renewal_window_and_make_up_a_missed_day(
    council: Org, capsys: pytest.CaptureFixture[str]
) -> None:
    from thrive.learning.registration import NATIONAL, cpd_reminders_send, reminder_dates

    # National rule: the window opens 1 September; the year ends 30 November 2026. Two weeks
    # before the window, halfway through it (45 of its 90 days), 30 and 7 days before the end.
    assert reminder_dates(date(2026, 11, 30), NATIONAL) == [
        date(2026, 8, 18),
        date(2026, 10, 16),
        date(2026, 10, 31),
        date(2026, 11, 23),
    ]

    def told(on: date) -> list[str]:
        mail.outbox.clear()
        cpd_reminders_send(council.org, on)
        return sorted(m.to[0] for m in mail.outbox if m.to == ["mo@example.test"])

    assert told(date(2026, 8, 17)) == []  # before the first reminder date
    # The run on 18 August was missed: the next run makes it up, once.
    assert told(date(2026, 8, 19)) == ["mo@example.test"]
    assert told(date(2026, 8, 20)) == []
    assert told(date(2026, 9, 1)) == []  # the window opening is not a reminder date of its own
    assert told(date(2026, 10, 17)) == ["mo@example.test"]  # 16 October missed as well
    assert told(date(2026, 10, 17)) == []
    # A council's rule with the window opening on 1 October moves the first reminder.
    rule = RegistrationRule.objects.create(
        organisation=council.org,
        effective_from=date(2026, 12, 1),
        renewal_window_start_month=10,
    )
    assert reminder_dates(date(2027, 11, 30), rule)[0] == date(2027, 9, 17)
    assert told(date(2027, 9, 16)) == []
    assert told(date(2027, 9, 17)) == ["mo@example.test"]


@pytest.mark.django_db
def test_feedback_by_provider_kind_and_name(council: Org) -> None:
    from tests.factories import make_user
    from thrive.core.roles import Role
    from thrive.learning.models import Feedback

    def feedback(it: object, scores: list[int]) -> None:
        s = session(it, capacity=20)  # type: ignore[arg-type]
        for score in scores:
            booking = book(session=s, user=make_user(council.org, Role.PRACTITIONER))
            booking.attended = True
            booking.save()
            Feedback.objects.create(
                organisation=council.org, booking=booking, useful=score, practice=score
            )

    feedback(item(council.org, "Team day", provider_kind="in_house"), [5, 4, 4, 5, 2])
    feedback(item(council.org, "Bought-in day", provider_kind="commissioned"), [1, 2])
    feedback(
        item(
            council.org, "E-learning", provider_kind="commissioned", provider_name="Learning Pool"
        ),
        [3, 3, 4, 4, 1],
    )
    providers = {r["label"]: r for r in feedback_summary(council.org)["providers"]}
    # Unnamed in-house and unnamed commissioned providers are not one "not named" group.
    assert set(providers) == {"In-house", "Commissioned", "Learning Pool (commissioned)"}
    assert (providers["In-house"]["n"], providers["In-house"]["useful"]) == (5, 4.0)
    assert (providers["Learning Pool (commissioned)"]["practice"]) == 3.0
    # Two answers: counted, averages not shown.
    assert providers["Commissioned"]["n"] == 2 and providers["Commissioned"]["useful"] is None


@pytest.mark.django_db
def test_team_gaps_cover_everyone_in_the_team_not_only_social_workers(
    council: Org, client: Client
) -> None:
    from decimal import Decimal as D

    from thrive.people.services import staff_add

    staff_add(
        organisation=council.org,
        staff_id="200009",
        first_name="Fay",
        last_name="Support",
        profession="family_support",
        contract="permanent",
        team=council.team,
        fte=D(1),
        org_role=None,
        start_date=date(2022, 1, 1),
    )
    item(
        council.org,
        "Safe restraint",
        mandatory=True,
        renewal_months=12,
        professions=["family_support"],
    )
    client.force_login(council.manager_user)
    page = client.get(reverse("learning:team", args=[council.org.code])).content.decode()
    assert "Fay Support" in page and "Safe restraint" in page


@pytest.mark.django_db
def test_questionnaires_waiting_on_your_learning(council: Org, client: Client) -> None:
    from thrive.learning.models import Invitation
    from thrive.learning.programmes import participant_add, programme_create

    today = clock.today()
    programme = programme_create(
        organisation=council.org,
        actor=council.lead,
        name="Grit",
        kind="resilience",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=30),
    )
    participant_add(
        programme=programme,
        person=council.senior,
        joined_on=today - timedelta(days=200),
        actor=council.lead,
    )
    baseline = Invitation.objects.get(point__name="Baseline")
    six = Invitation.objects.get(point__name="6 months")
    end = Invitation.objects.get(point__name="End of programme")  # not due for 30 days
    Invitation.objects.filter(pk=baseline.pk).update(answered_at=clock.now())
    client.force_login(council.senior_user)
    page = client.get(reverse("learning:mine", args=[council.org.code])).content.decode()
    assert "Questionnaires waiting for you" in page
    assert reverse("learning:questionnaire", args=[council.org.code, six.pk]) in page
    assert reverse("learning:questionnaire", args=[council.org.code, baseline.pk]) not in page
    assert reverse("learning:questionnaire", args=[council.org.code, end.pk]) not in page
    client.force_login(council.nqsw_user)
    page = client.get(reverse("learning:mine", args=[council.org.code])).content.decode()
    assert "Questionnaires waiting for you" not in page
