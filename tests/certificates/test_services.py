"""The counter's services: classes A/B/C, 告知承诺, refusals, revocation, serials, the seal
register and the catalog."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditRecord
from certificates import services
from certificates.models import CertificateKind, CertificateRecord, SealUse, SerialCounter
from communityops.errors import TransitionError

from .factories import CertificateKindFactory, bad_id_number, id_number

pytestmark = pytest.mark.django_db


def issue(world, kind, **overrides):
    data = {
        "by": world.users["community_staff"],
        "kind_id": kind.pk,
        "applicant_name": "张三",
        "applicant_id_number": id_number(),
        "evidence_seen": [],
    }
    data.update(overrides)
    return services.certificate_issue(**data)


def nothing_written():
    return (
        not CertificateRecord.objects.exists()
        and not SealUse.objects.exists()
        and not AuditRecord.objects.filter(action__startswith="certificate.").exists()
        and not SerialCounter.objects.filter(last_number__gt=0).exists()
    )


# --- 公民身份号码 -----------------------------------------------------------------------------
def test_id_number_checksum_known_value():
    # The standard's own example: 11010519491231002X
    assert services.id_number_normalize("11010519491231002x") == "11010519491231002X"
    assert services.id_number_mask("11010519491231002X") == "1101**********002X"


@pytest.mark.parametrize(
    "value,fragment",
    [
        ("110105194912310021", "校验位"),
        ("1101051949123100", "18位"),
        ("11010519491331002X", "出生日期"),
        ("abc", "18位"),
    ],
)
def test_id_number_rejects_bad_values(value, fragment):
    with pytest.raises(ValidationError) as exc:
        services.id_number_normalize(value)
    assert fragment in exc.value.message_dict["applicant_id_number"][0]


# --- class A / B / C --------------------------------------------------------------------------
def test_issue_class_a_takes_serial_code_seal_and_audit(world, kind_a):
    record = issue(world, kind_a)
    year = timezone.localdate().year
    assert record.outcome == "issued" and record.count == 1
    assert record.serial == f"{year}-{world.community.code}-000001"
    assert record.community == world.community
    assert record.applicant_id_number != id_number() and id_number() not in record.applicant_id_number
    assert record.applicant_id_masked == "1101**********" + id_number()[-4:]
    assert len(record.verification_code) == 16
    assert record.issued_by == world.users["community_staff"]
    seal = SealUse.objects.get()
    assert seal.record == record and seal.document == "certificate" and seal.serial == record.serial
    assert seal.audit.action == "certificate.issued"
    assert seal.audit.target_id == str(record.pk)
    # the audit trail keeps only the masked number
    assert id_number() not in str(seal.audit.after)


def test_serials_count_up_per_community_and_year(world, kind_a):
    first = issue(world, kind_a)
    second = issue(world, kind_a)
    other = issue(world, kind_a, by=world.users["other_community_staff"])
    assert first.serial.endswith("-000001") and second.serial.endswith("-000002")
    assert other.serial.endswith(f"{world.other_community.code}-000001")


def test_failed_issuance_leaves_no_gap(world, kind_a):
    issue(world, kind_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(world, kind_a)
        raise RuntimeError("printer jammed, the transaction rolls back")
    third = issue(world, kind_a)
    assert third.serial.endswith("-000002")


def test_class_b_requires_all_evidence(world, kind_b):
    with pytest.raises(ValidationError) as exc:
        issue(world, kind_b, evidence_seen=["户口簿"])
    assert "结婚证" in exc.value.message_dict["evidence_seen"][0]
    with pytest.raises(ValidationError):
        issue(world, kind_b)
    assert nothing_written()
    record = issue(world, kind_b, evidence_seen=["户口簿", "结婚证"])
    assert record.evidence_seen == ["户口簿", "结婚证"]


def test_class_b_without_listed_evidence_needs_some(world):
    kind = CertificateKindFactory(cert_class="B", required_evidence="")
    with pytest.raises(ValidationError) as exc:
        issue(world, kind)
    assert "evidence_seen" in exc.value.message_dict
    assert issue(world, kind, evidence_seen=["收入证明"]).outcome == "issued"


def test_class_c_issue_is_blocked_and_names_the_authority(world, kind_c):
    with pytest.raises(ValidationError) as exc:
        issue(world, kind_c)
    assert "不动产登记中心" in exc.value.message_dict["kind"][0]
    assert nothing_written()


def test_class_c_redirect_records_outcome_and_seal(world, kind_c):
    record = services.certificate_redirect(
        by=world.users["community_staff"], kind_id=kind_c.pk, applicant_name="李四"
    )
    assert record.outcome == "redirected" and record.serial is None and record.verification_code is None
    assert SealUse.objects.get().document == "redirect_notice"
    assert AuditRecord.objects.filter(action="certificate.redirected").count() == 1


def test_bad_checksum_writes_nothing(world, kind_a):
    with pytest.raises(ValidationError) as exc:
        issue(world, kind_a, applicant_id_number=bad_id_number(), applicant_name="")
    assert set(exc.value.message_dict) == {"applicant_id_number", "applicant_name"}
    assert nothing_written()


def test_refusal_needs_a_reason(world, kind_a):
    with pytest.raises(ValidationError) as exc:
        services.certificate_refuse(
            by=world.users["community_staff"], kind_id=kind_a.pk, applicant_name="王五", reason=" "
        )
    assert "reason" in exc.value.message_dict
    assert nothing_written()
    record = services.certificate_refuse(
        by=world.users["community_staff"], kind_id=kind_a.pk, applicant_name="王五", reason="非本社区居民"
    )
    assert record.outcome == "refused" and record.refusal_reason == "非本社区居民"
    assert SealUse.objects.get().document == "refusal_notice"


def test_pledge_only_where_allowed(world, kind_a, kind_c):
    record = services.certificate_pledge(
        by=world.users["community_head"],
        kind_id=kind_a.pk,
        applicant_name="赵六",
        applicant_id_number=id_number(),
    )
    assert record.outcome == "pledged"
    not_allowed = CertificateKindFactory(pledge_allowed=False)
    for kind in (not_allowed, kind_c):
        with pytest.raises(ValidationError) as exc:
            services.certificate_pledge(
                by=world.users["community_staff"],
                kind_id=kind.pk,
                applicant_name="赵六",
                applicant_id_number=id_number(),
            )
        assert "kind" in exc.value.message_dict


@pytest.mark.parametrize("role", ["street_supervisor", "district_admin", "department_officer"])
def test_only_community_staff_work_the_counter(world, kind_a, role):
    with pytest.raises(ValidationError):
        issue(world, kind_a, by=world.users[role])
    assert nothing_written()


# --- revocation ------------------------------------------------------------------------------
def test_revoke_once_then_clear_error(world, kind_a):
    record = issue(world, kind_a)
    with pytest.raises(ValidationError):
        services.certificate_revoke(by=world.users["community_head"], record_id=record.pk, reason="")
    services.certificate_revoke(
        by=world.users["community_head"], record_id=record.pk, reason="申请人信息有误"
    )
    record.refresh_from_db()
    assert record.revoked_at is not None and record.revoke_reason == "申请人信息有误"
    audits = AuditRecord.objects.filter(action="certificate.revoke").count()
    with pytest.raises(TransitionError) as exc:
        services.certificate_revoke(by=world.users["community_head"], record_id=record.pk, reason="再次作废")
    assert "不能重复作废" in str(exc.value.detail)
    record.refresh_from_db()
    assert record.revoke_reason == "申请人信息有误"
    assert AuditRecord.objects.filter(action="certificate.revoke").count() == audits


def test_revoke_other_community_not_found(world, kind_a):
    record = issue(world, kind_a)
    with pytest.raises(CertificateRecord.DoesNotExist):
        services.certificate_revoke(by=world.users["other_community_staff"], record_id=record.pk, reason="x")


# --- seal register -----------------------------------------------------------------------------
def test_seal_register_is_append_only(world, kind_a):
    issue(world, kind_a)
    use = services.seal_use_record(
        by=world.users["community_staff"], title="低保入户调查表", requested_by="区民政局", copies=3
    )
    assert use.document == "other" and use.audit.action == "seal.use"
    with pytest.raises(ValidationError):
        use.save()
    with pytest.raises(ValidationError):
        use.delete()
    with pytest.raises(ValidationError):
        SealUse.objects.all().delete()
    with pytest.raises(ValidationError):
        SealUse.objects.update(copies=9)
    assert SealUse.objects.count() == 2


def test_seal_use_bad_input(world):
    with pytest.raises(ValidationError) as exc:
        services.seal_use_record(by=world.users["community_staff"], title="", copies=0)
    assert set(exc.value.message_dict) == {"title", "copies"}
    assert not SealUse.objects.exists()


# --- catalog -----------------------------------------------------------------------------------
def test_default_catalog_from_the_seeds(catalog):
    classes = [k.cert_class for k in catalog.values()]
    assert classes.count("A") == 2 and classes.count("B") == 6 and classes.count("C") >= 15
    assert catalog["A01"].name == "社区居住证明"
    assert catalog["C02"].name == "唯一住房证明" and catalog["C02"].responsible_authority
    assert all(k.responsible_authority for k in catalog.values() if k.cert_class == "C")
    assert all(k.evidence_items for k in catalog.values() if k.cert_class == "B")


def test_catalog_load_is_idempotent_and_upserts(catalog):
    again = services.certificate_catalog_load()
    assert (again.created, again.updated) == (0, 0)
    CertificateKind.objects.filter(code="A01").update(name="改过的名称")
    result = services.certificate_catalog_load()
    assert result.updated == 1
    assert CertificateKind.objects.get(code="A01").name == "社区居住证明"


def test_kind_create_and_update_by_district_only(world):
    admin = world.users["district_admin"]
    with pytest.raises(ValidationError) as exc:
        services.certificate_kind_create(
            by=admin, code="C99", name="测试", requested_by="银行", cert_class="C", frequency="general"
        )
    assert "responsible_authority" in exc.value.message_dict
    kind = services.certificate_kind_create(
        by=admin,
        code="c99",
        name="测试",
        requested_by="银行",
        cert_class="C",
        frequency="general",
        responsible_authority="开户银行",
    )
    assert kind.code == "C99"
    with pytest.raises(ValidationError) as exc:
        services.certificate_kind_create(
            by=admin, code="C99", name="x", requested_by="y", cert_class="A", frequency="general"
        )
    assert "code" in exc.value.message_dict
    updated = services.certificate_kind_update(by=admin, kind_id=kind.pk, frequency="frequent")
    assert updated.frequency == "frequent"
    with pytest.raises(ValidationError):
        services.certificate_kind_update(by=world.users["community_staff"], kind_id=kind.pk, name="x")
    assert AuditRecord.objects.filter(action__startswith="certificate_kind.").count() == 2


def test_refusal_of_class_c_points_to_the_redirect_notice(world, kind_c):
    with pytest.raises(ValidationError) as exc:
        services.certificate_refuse(
            by=world.users["community_staff"], kind_id=kind_c.pk, applicant_name="王五", reason="不出"
        )
    assert "告知转办" in exc.value.message_dict["kind"][0]
    assert nothing_written()


@pytest.mark.parametrize("kind_fixture", ["kind_a", "kind_b"])
def test_redirect_only_for_class_c(world, request, kind_fixture):
    kind = request.getfixturevalue(kind_fixture)
    kind.responsible_authority = "民政局"
    kind.save()
    with pytest.raises(ValidationError) as exc:
        services.certificate_redirect(
            by=world.users["community_staff"], kind_id=kind.pk, applicant_name="王五"
        )
    assert "kind" in exc.value.message_dict
    assert nothing_written()
