from django.db import migrations, models

PERSONAL_TYPES = {"id_number": "id_number", "phone": "phone"}


def seal_plaintext(apps, schema_editor):
    """Existing plaintext ID-number/phone values of report submissions (填报内容) → masked value,
    ciphertext and keyed hash (the shape ledgers.validation.personal_values_seal writes)."""
    from audit import personal_data

    FieldDefinition = apps.get_model("ledgers", "FieldDefinition")
    ReportSubmission = apps.get_model("ledgers", "ReportSubmission")
    personal: dict[int, dict[str, str]] = {}
    for form_id, name, field_type in FieldDefinition.objects.filter(
        report_form__isnull=False, field_type__in=list(PERSONAL_TYPES)
    ).values_list("report_form_id", "name", "field_type"):
        personal.setdefault(form_id, {})[name] = PERSONAL_TYPES[field_type]
    fields = ["values", "sealed_values", "value_hashes"]
    for form_id, kinds in personal.items():
        batch = []
        rows = ReportSubmission.objects.filter(report_form_id=form_id).only("pk", *fields)
        for row in rows.iterator(chunk_size=1000):
            values, sealed, hashes = dict(row.values or {}), dict(row.sealed_values or {}), dict(row.value_hashes or {})
            for name, kind in kinds.items():
                plain = values.get(name)
                if not plain or personal_data.looks_masked(plain) or name in sealed:
                    continue
                plain = str(plain)
                values[name] = personal_data.mask(plain, kind=kind)
                sealed[name] = personal_data.seal(plain)
                hashes[name] = personal_data.blind_index(plain, kind=kind)
            if sealed != (row.sealed_values or {}):
                row.values, row.sealed_values, row.value_hashes = values, sealed, hashes
                batch.append(row)
            if len(batch) >= 1000:
                ReportSubmission.objects.bulk_update(batch, fields)
                batch = []
        ReportSubmission.objects.bulk_update(batch, fields)


def unseal_to_plaintext(apps, schema_editor):
    from audit import personal_data

    ReportSubmission = apps.get_model("ledgers", "ReportSubmission")
    batch = []
    for row in ReportSubmission.objects.exclude(sealed_values={}).only("pk", "values", "sealed_values"):
        row.values = {**(row.values or {}), **{n: personal_data.unseal(t) for n, t in row.sealed_values.items()}}
        batch.append(row)
    ReportSubmission.objects.bulk_update(batch, ["values"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0004_seal_personal_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportsubmission",
            name="sealed_values",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="个人信息（密文）"),
        ),
        migrations.AddField(
            model_name="reportsubmission",
            name="value_hashes",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="个人信息（检索摘要）"
            ),
        ),
        migrations.RunPython(seal_plaintext, unseal_to_plaintext),
    ]
