from decimal import Decimal

import pytest
from django.test import Client

from apps.crm.models import Company, Contact, Deal

pytestmark = pytest.mark.django_db


def test_the_pipeline_groups_deals_by_stage_with_company_and_value(alice_client: Client) -> None:
    acme = Company.objects.create(name="Acme Robotics", website="https://acme.example.com")
    Deal.objects.create(company=acme, title="Pilot", stage="qualified", value=Decimal("12500"))
    html = alice_client.get("/apps/crm/pipeline/").content.decode()
    for stage in ("lead", "qualified", "proposal", "won", "lost"):
        assert f'data-stage="{stage}"' in html
    qualified = html.split('data-stage="qualified"')[1].split('data-stage="proposal"')[0]
    assert "Pilot" in qualified and "Acme Robotics" in qualified and "$12,500" in qualified


def test_the_page_lists_companies_with_their_contacts(alice_client: Client) -> None:
    acme = Company.objects.create(name="Acme Robotics")
    Contact.objects.create(company=acme, name="Wile Coyote", email="wile@acme.example.com")
    html = alice_client.get("/apps/crm/").content.decode()
    assert "Acme Robotics" in html and "Wile Coyote" in html
    assert 'hx-get="/apps/crm/pipeline/"' in html and 'hx-get="/apps/crm/companies/"' in html
