"""Seed the 一表通 dictionary with the fields every form asks for again."""

from django.db import migrations

SEED = [
    # name, type, synonyms, profile source, minutes per entry
    ("姓名", "text", ["户主姓名", "居民姓名", "名字", "申请人姓名", "联系人"], "", "0.5"),
    ("身份证号", "id_number", ["公民身份号码", "身份证号码", "身份证", "证件号码", "居民身份证号"], "", "1"),
    ("联系电话", "phone", ["手机号码", "电话", "手机号", "联系方式", "电话号码"], "", "0.5"),
    ("住址", "text", ["家庭住址", "现住址", "居住地址", "详细地址", "户籍地址"], "", "1"),
    ("出生日期", "date", ["出生年月", "生日"], "", "0.5"),
    ("性别", "choice", [], "", "0.2"),
    ("民族", "text", [], "", "0.2"),
    ("政治面貌", "text", [], "", "0.2"),
    ("文化程度", "text", ["学历"], "", "0.2"),
    ("婚姻状况", "text", [], "", "0.2"),
    ("家庭人口", "integer", ["家庭人数", "家庭成员数"], "", "0.3"),
    ("户数", "integer", ["总户数", "社区户数", "辖区户数"], "households", "0.3"),
    ("人口", "integer", ["总人口", "常住人口", "辖区人口", "人口数"], "residents", "0.3"),
    ("工作人员数", "integer", ["社区工作人员数", "工作人员"], "staff", "0.3"),
    ("社工数", "integer", ["社会工作者数", "持证社工数"], "social_workers", "0.3"),
    ("社区名称", "text", ["社区", "所属社区"], "name", "0.2"),
    ("低保金额", "decimal", ["低保金", "保障金额"], "", "0.5"),
    ("残疾类别", "text", ["残疾类型"], "", "0.3"),
    ("工作单位", "text", ["单位"], "", "0.5"),
]


def seed(apps, schema_editor):
    CanonicalField = apps.get_model("ledgers", "CanonicalField")
    for name, field_type, synonyms, profile, minutes in SEED:
        CanonicalField.objects.update_or_create(
            name=name,
            defaults={
                "field_type": field_type,
                "synonyms": synonyms,
                "profile_source": profile,
                "minutes_per_entry": minutes,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0002_dictionary_registrations_entries")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
