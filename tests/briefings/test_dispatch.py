from django.core import mail

from briefings.models import Briefing, BriefingDelivery, DeliveryState
from tests.briefings.conftest import at


def test_item_submitted_before_cutoff_arrives_in_next_morning_email(
    travel, submit, approve, agent, run_dispatch
):
    travel(at("2026-03-10 15:55"))
    item = submit("New tariff")
    approve(item)
    travel(at("2026-03-11 07:30:30"))
    run_dispatch()
    delivery = BriefingDelivery.objects.get(person=agent)
    assert delivery.state == DeliveryState.SENT
    assert delivery.date.isoformat() == "2026-03-11"
    to_agent = [m for m in mail.outbox if m.to == [agent.email]]
    assert len(to_agent) == 1
    assert "New tariff" in to_agent[0].body
    briefing = Briefing.objects.get()
    assert not briefing.late
