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


def test_duplicate_analysis_two_overlapping_forms(django_assert_max_num_queries):
    # two forms asking the same things in different words, plus one ledger
    ReportFormFactory(
        code="R01",
        name="困难家庭月报",
        frequency="monthly",
        fields=["户主姓名", "身份证号", "联系电话", "户数"],
    )
    ReportFormFactory(
        code="R02",
        name="低保对象季报",
        frequency="quarterly",
        fields=["姓名", "公民身份号码", "手机号码", "低保金额"],
    )
    LedgerTypeFactory(code="L01", name="低保台账", fields=["户主姓名", "身份证号码", "低保金额"])
    from ledgers.selectors import duplicate_analysis

    with django_assert_max_num_queries(6):
        analysis = duplicate_analysis()
    rows = {r["canonical"]: r for r in analysis["fields"]}
    assert rows["身份证号"]["demands"] == 3
    assert rows["身份证号"]["demanded_by"] == [
        "台账 L01 低保台账",
        "报表 R01 困难家庭月报",
        "报表 R02 低保对象季报",
    ]
    assert (rows["姓名"]["ledgers"], rows["姓名"]["reports"]) == (1, 2)
    assert rows["联系电话"]["demands"] == 2 and rows["户数"]["demands"] == 1
    # 联系电话: ledger none; R01 monthly (12) first, R02 quarterly (4) again × 0.5 min
    assert rows["联系电话"]["reentry_hours"] == round(4 * 0.5 / 60, 2)
    # 身份证号: ledger 12 + monthly 12 + quarterly 4 → re-entries 12 + 4 at 1 min
    assert rows["身份证号"]["reentry_hours"] == round(16 / 60, 2)
    headline = analysis["headline"]
    assert headline["indicators_before"] == 8
    assert headline["indicators_after"] == 5  # 姓名 身份证号 联系电话 户数 低保金额
    assert headline["indicators_could_cut"] == 3
    # R02's every field is collected elsewhere (R01 or the ledger); R01 then still holds the rest
    assert headline["cuttable_forms"] == ["报表 R01 困难家庭月报"] or headline["cuttable_forms"] == [
        "报表 R02 低保对象季报"
    ]
    assert headline["forms_could_cut"] == 1 and headline["forms_after"] == 1
    proposal = {f["canonical"]: f for f in analysis["merge_proposal"]["fields"]}
    assert set(proposal) == {"姓名", "身份证号", "联系电话", "户数", "低保金额"}
    assert proposal["户数"]["prefill"] and proposal["低保金额"]["prefill"]
    assert proposal["联系电话"]["from"] == ["报表 R01 困难家庭月报", "报表 R02 低保对象季报"]


def test_confirmed_mapping_changes_overlap(world):
    from ledgers import services
    from ledgers.models import CanonicalField, FieldMapping

    form = ReportFormFactory(code="R05", name="楼栋长名册", fields=["楼栋长电话"])
    services.field_mappings_suggest()
    mapping = FieldMapping.objects.get(source_id=form.pk, field_name="楼栋长电话")
    assert mapping.canonical is None
    assert fields_overlap(field_names=["联系电话"]) == []
    services.field_mapping_confirm(
        by=world.users["district_admin"],
        mapping_id=mapping.pk,
        canonical=CanonicalField.objects.get(name="联系电话"),
    )
    assert fields_overlap(field_names=["手机号码"])[0]["demanded_by"] == ["报表 R05 楼栋长名册"]
    # a name the district confirmed once is recognised in new requests as well
    assert fields_overlap(field_names=["楼栋长电话"])[0]["canonical"] == "联系电话"
