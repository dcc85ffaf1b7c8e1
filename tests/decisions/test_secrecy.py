"""The ballot secrecy property: nothing the portal shows or stores lets anyone learn
how a given member voted.

Method: the same session is voted twice from the same starting point, with the
same ballots handed to *different* members (a permutation). Everything a person
could look at — every page of the session for the secretary, provincial staff,
the administrator and the voters themselves, the admin pages, the audit log, the
tally minutes, the database rows of this app — must come out identical. If any of
it depended on who cast which ballot, the two runs would differ.
"""

import re

import pytest
import time_machine
from django.contrib import admin
from django.db import connection, transaction
from django.urls import reverse

from awards.decisions import services
from awards.decisions.documents import tally_minutes_html
from awards.decisions.models import BallotCount, BallotReceipt, CouncilSession

from .factories import make_council, members, open_session, secretary_of, verified_items

pytestmark = pytest.mark.django_db

BALLOTS = [("yes", "no"), ("no", "yes"), ("abstain", "yes")]
TABLES = [
    "decisions_agendaitem",
    "decisions_ballotreceipt",
    "decisions_ballotcount",
    "decisions_councilsession",
    "decisions_sessionattendance",
    "units_auditevent",
    "units_notification",
]
IGNORED_COLUMNS = {"id"}  # serial and random keys; their values are compared by the rows they link


def _normalise(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    # Serial keys of new rows (sequences do not roll back between the two runs).
    html = re.sub(r'value="\d+"( id="id_[\w-]+-id")', r'value="N"\1', html)
    html = re.sub(r'name="_selected_action" value="\d+"', "", html)
    return re.sub(r"/\d+/(change|delete|history)/", r"/N/\1/", html)


def _rows():
    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            names = [c.name for c in cursor.description]
            rows = [
                tuple(
                    (n, str(v)) for n, v in zip(names, row, strict=True) if n not in IGNORED_COLUMNS
                )
                for row in cursor.fetchall()
            ]
            out[table] = sorted(rows)
    return out


def _pages(client, session, viewers, admin_user):
    urls = [
        reverse("decisions:session_detail", args=[session.uid]),
        reverse("decisions:council"),
        reverse("home"),
    ]
    pages = {}
    for user in viewers:
        client.force_login(user)
        seated = user.council_seats.exists()
        for url in urls + ([reverse("decisions:ballot", args=[session.uid])] if seated else []):
            pages[(user.username, url)] = _normalise(client.get(url).content.decode())
    client.force_login(admin_user)
    for model in admin.site._registry:
        if model._meta.app_label not in ("decisions", "units"):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        pages[("admin", url)] = _normalise(client.get(url).content.decode())
    pages[("admin", "session")] = _normalise(
        client.get(
            reverse("admin:decisions_councilsession_change", args=[session.pk])
        ).content.decode()
    )
    return pages


def _run(client, session, voters, ballots, viewers, admin_user, *, close: bool):
    agenda = list(session.agenda.order_by("position"))
    for member, ballot in zip(voters, ballots, strict=True):
        services.ballot_cast(
            session=session,
            user=member.user,
            choices={str(i.uid): c for i, c in zip(agenda, ballot, strict=True)},
        )
    if close:
        services.session_close(session=session, actor=secretary_of(session.council))
    session = CouncilSession.objects.get(pk=session.pk)
    snapshot = {"rows": _rows(), "pages": _pages(client, session, viewers, admin_user)}
    if close:
        snapshot["minutes"] = tally_minutes_html(session)
    return snapshot


@pytest.mark.parametrize("close", [False, True], ids=["while-open", "after-close"])
def test_who_cast_which_ballot_changes_nothing_anyone_can_see(
    client, provincial, administrator, close
):
    with time_machine.travel("2023-01-10 09:00 +07:00", tick=False):
        council = make_council(4, standing=4)
        session = open_session(council, verified_items("cstd_tinh", 2))
        seats = members(council)[1:4]
        administrator.is_superuser = True
        administrator.save()
        viewers = [secretary_of(council), provincial, administrator, *(m.user for m in seats)]
        snapshots = []
        # The same members vote in the same order; the same ballots change hands.
        for ballots in (BALLOTS, BALLOTS[1:] + BALLOTS[:1]):
            with transaction.atomic():
                snapshots.append(
                    _run(client, session, seats, ballots, viewers, administrator, close=close)
                )
                transaction.set_rollback(True)
    first, second = snapshots
    assert first["rows"] == second["rows"]
    for key in first["pages"]:
        assert first["pages"][key] == second["pages"][key], key
    assert first.get("minutes") == second.get("minutes")
    # …and the runs did record something: three receipts, three ballots counted.
    assert len(first["rows"]["decisions_ballotreceipt"]) == 3


def test_the_ballot_counter_has_no_member_no_time_and_no_sequence():
    fields = {f.name: f for f in BallotCount._meta.get_fields()}
    assert set(fields) == {"id", "agenda_item", "choice", "votes"}
    assert fields["id"].get_internal_type() == "UUIDField"


def test_ballot_counters_have_no_admin_page():
    assert BallotCount not in admin.site._registry


def test_receipts_say_only_that_and_how_a_member_took_part():
    assert {f.name for f in BallotReceipt._meta.get_fields()} == {
        "id",
        "session",
        "member",
        "mode",
        "recorded_at",
    }
