import pytest

from ledgers.models import CatalogStatus
from ledgers.selectors import fields_overlap
from tests.factories import DepartmentFactory
from tests.ledgers.factories import LedgerTypeFactory, ReportFormFactory

pytestmark = pytest.mark.django_db


def test_fields_overlap_by_synonym_and_full_width(django_assert_max_num_queries):
    LedgerTypeFactory(code="L01", name="低保台账", fields=["户主姓名", "公民身份号码", "低保金额"])
    ReportFormFactory(code="R03", name="困难群众月报", fields=["身份证号码", "联系电话"])
    from inspections.models import Platform

    Platform.objects.create(
        code="P02", name="民政业务平台", department=DepartmentFactory(), fields=["身份证"]
    )
    LedgerTypeFactory(code="L09", name="已取消台账", fields=["手机号码"], status=CatalogStatus.CANCELLED)
    with django_assert_max_num_queries(5):
        result = fields_overlap(field_names=[" 身份证号 ", "手机号码", "宠物名称", "低保金额："])
    by_field = {r["field"]: r for r in result}
    assert by_field[" 身份证号 "]["canonical"] == "身份证号"
    assert by_field[" 身份证号 "]["demanded_by"] == [
        "台账 L01 低保台账",
        "报表 R03 困难群众月报",
        "平台 P02 民政业务平台",
    ]
    assert by_field["手机号码"]["demanded_by"] == ["报表 R03 困难群众月报"]  # cancelled ledger ignored
    assert "宠物名称" not in by_field
    assert by_field["低保金额："]["demanded_by"] == ["台账 L01 低保台账"]


def test_fields_overlap_empty_input_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert fields_overlap(field_names=[]) == []
