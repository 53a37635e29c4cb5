"""kam.bulk.insert writes the very rows bulk_create writes, and sets the keys."""

from datetime import UTC, date, datetime
from decimal import Decimal

from kam.bulk import insert
from prospects.models import Attitude, Contact, FinancialStatement, Progress, Prospect
from visits.models import FirstContact


def _account(rep, name):
    return Prospect(
        name=name,
        owner=rep,
        team=rep.team,
        search_text=name.lower(),
    )


def _columns(model, pk, leave_out=("id",)):
    row = model.objects.filter(pk=pk).values().get()
    return {key: value for key, value in row.items() if key not in leave_out}


def test_insert_writes_what_bulk_create_writes(rep):
    first, second = _account(rep, "恒瑞 One"), _account(rep, "恒瑞 Two")
    insert(Prospect, [first])
    Prospect.objects.bulk_create([second])
    assert first.pk is not None
    assert first._state.adding is False
    stamps = ("id", "name", "search_text", "created_at", "updated_at")
    assert _columns(Prospect, first.pk, stamps) == _columns(Prospect, second.pk, stamps)
    mine = Prospect.objects.get(pk=first.pk)
    assert (mine.name, mine.search_text) == ("恒瑞 One", "恒瑞 one")
    assert mine.created_at is not None  # auto_now_add

    moment = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    contacts = [
        FirstContact(
            prospect=account,
            made_by=rep,
            channel=FirstContact.Channel.PHONE,
            contacted_at=moment,
            guidance_checked=["intro", "needs"],
            duration_minutes=20,
            progress=Progress.CONTACT,
            attitude=Attitude.WARM,
            next_step="约定拜访时间",
        )
        for account in (first, second)
    ]
    insert(FirstContact, contacts[:1])
    FirstContact.objects.bulk_create(contacts[1:])
    mine, theirs = (_columns(FirstContact, c.pk, ("id", "prospect_id", "created_at")) for c in contacts)  # fmt: skip
    assert mine == theirs
    assert mine["contacted_at"] == moment
    assert mine["guidance_checked"] == ["intro", "needs"]


def test_insert_takes_decimals_dates_and_an_object_saved_after_assignment(rep):
    account = _account(rep, "Huaxin")
    statement = FinancialStatement(
        prospect=account, period="2025", period_end=date(2025, 12, 31),
        revenue=Decimal("1234.50"), net_profit=Decimal("-3.25"),
    )  # fmt: skip
    contact = Contact(prospect=account, name="王芳", reports_to=None)
    insert(Prospect, [account])  # saved after it was assigned to the statement
    insert(FinancialStatement, [statement])
    insert(Contact, [contact])  # a foreign key left empty on purpose
    assert Contact.objects.get(pk=contact.pk).reports_to_id is None
    row = FinancialStatement.objects.get(pk=statement.pk)
    assert row.prospect_id == account.pk
    assert row.revenue == Decimal("1234.50")
    assert row.net_profit == Decimal("-3.25")
    assert row.period_end == date(2025, 12, 31)
    assert row.period_months == 12


def test_insert_of_nothing_does_nothing(db):
    assert insert(Prospect, []) == []
