"""The field-definition text of the ledger type / report form pages reads back in either UI
language: what the page shows in English parses to the same typed fields as in Chinese."""

import pytest
from django.utils import translation

from ledgers.forms import definitions_to_text, parse_definitions
from ledgers.validation import FieldSpec

SPECS = [
    FieldSpec("姓名", "text", True),
    FieldSpec("年龄", "integer", True),
    FieldSpec("金额", "decimal", False),
    FieldSpec("日期", "date", False),
    FieldSpec("类别", "choice", True, ("A类", "B类")),
    FieldSpec("身份证", "id_number", False),
    FieldSpec("电话", "phone", True),
]


def _as_specs(definitions):
    return [
        FieldSpec(
            d["name"], d["field_type"], d["required"], tuple(d["choices"].split("、") if d["choices"] else ())
        )
        for d in definitions
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_definitions_round_trip_in_each_language(language):
    with translation.override(language):
        text = definitions_to_text(SPECS)
        assert _as_specs(parse_definitions(text)) == SPECS
    assert _as_specs(parse_definitions(text)) == SPECS  # and in the other language too


def test_english_text_shows_english_type_and_required():
    with translation.override("en"):
        text = definitions_to_text([FieldSpec("年龄", "integer", True)])
    assert text == "年龄｜Integer｜Required"


@pytest.mark.parametrize(
    "line",
    [
        "年龄｜integer｜required",
        "年龄|INTEGER|必填",
        "年龄｜整数｜是",
        "年龄｜Integer｜Yes",
        "年龄 | integer | REQUIRED",
    ],
)
def test_any_spelling_of_type_and_required(line):
    assert parse_definitions(line) == [
        {"name": "年龄", "field_type": "integer", "required": True, "choices": []}
    ]


def test_unknown_type_is_passed_on_for_the_service_to_refuse():
    assert parse_definitions("年龄｜整型")[0]["field_type"] == "整型"
    assert parse_definitions("备注")[0] == {
        "name": "备注",
        "field_type": "text",
        "required": False,
        "choices": [],
    }


def test_editing_a_ledger_type_in_english_keeps_every_field_type(client_for, world, low_income_type):
    from django.urls import reverse

    from ledgers.services import ledger_type_specs

    before = ledger_type_specs(low_income_type)
    client = client_for(world.users["district_admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = reverse("ledgers:ledger_type_edit", args=[low_income_type.pk])
    page = client.get(url)
    text = page.context["form"].initial["fields_text"]
    assert "Integer" in text and "Required" in text
    data = {
        "code": "L01",
        "name": "低保台账",
        "department": world.department.pk,
        "retention": "long",
        "archive_class": "YW",
        "fields_text": text,
    }
    assert client.post(url, data).status_code == 302
    low_income_type.refresh_from_db()
    assert ledger_type_specs(low_income_type) == before
