"""Reads of the tasks app, always starting from `visible_to(user)`."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import AccessRequest, CatalogVersion, Finding, Notification, TaskAssignment, TaskItem, WorkLog


def task_item_list(*, user) -> QuerySet[TaskItem]:
    return TaskItem.objects.visible_to(user).select_related("department")


def catalog_version_list(*, user) -> QuerySet[CatalogVersion]:
    return (
        CatalogVersion.objects.visible_to(user)
        .select_related("published_by")
        .annotate(items=Count("entries"))
        .order_by("-valid_from", "-id")
    )


def access_request_list(*, user) -> QuerySet[AccessRequest]:
    return (
        AccessRequest.objects.visible_to(user)
        .select_related("department", "task_item", "review_street", "catalog_version")
        .annotate(
            blocking=Count("findings", filter=Q(findings__severity=Finding.Severity.BLOCK)),
            warnings=Count("findings", filter=Q(findings__severity=Finding.Severity.WARN)),
        )
    )


def access_request_get(*, user, pk: int) -> AccessRequest:
    return get_object_or_404(
        AccessRequest.objects.visible_to(user)
        .select_related(
            "department", "task_item", "review_street", "catalog_version", "decided_by", "created_by"
        )
        .prefetch_related(
            "findings", "attachments", "events__actor", "target_streets", "target_communities__street"
        ),
        pk=pk,
    )


def assignment_list(*, user) -> QuerySet[TaskAssignment]:
    return TaskAssignment.objects.visible_to(user).select_related(
        "community", "task_item", "task_item__department", "access_request"
    )


def assignment_get(*, user, pk: int) -> TaskAssignment:
    return get_object_or_404(assignment_list(user=user), pk=pk)


def inbox_filter(queryset: QuerySet[TaskAssignment], state: str) -> QuerySet[TaskAssignment]:
    """收件箱分栏: due (open, not late), overdue (open, past its due date), done (or refused).
    Open ones by deadline, then the newest 下达日期 first."""
    today = timezone.localdate()
    open_ = queryset.filter(done_at__isnull=True, refused=False)
    if state == "overdue":
        return open_.filter(due_on__lt=today).order_by("due_on", "-assigned_on", "-id")
    if state == "done":
        return queryset.filter(Q(done_at__isnull=False) | Q(refused=True)).order_by("-done_at", "-id")
    return open_.filter(Q(due_on__gte=today) | Q(due_on__isnull=True)).order_by(
        "due_on", "-assigned_on", "-id"
    )


def inbox_counts(*, user) -> dict[str, int]:
    base = assignment_list(user=user)
    today = timezone.localdate()
    return base.aggregate(
        due=Count(
            "id",
            filter=Q(done_at__isnull=True, refused=False) & (Q(due_on__gte=today) | Q(due_on__isnull=True)),
        ),
        overdue=Count("id", filter=Q(done_at__isnull=True, refused=False, due_on__lt=today)),
        done=Count("id", filter=Q(done_at__isnull=False) | Q(refused=True)),
    )


def open_assignments(*, user) -> QuerySet[TaskAssignment]:
    return (
        assignment_list(user=user)
        .filter(done_at__isnull=True, refused=False)
        .order_by("due_on", "-assigned_on", "-id")
    )


#: What the work-log page shows beside each row; the API shows only the community's code.
WORKLOG_PAGE_RELATED = ("community", "department", "task_item", "assignment", "assignment__task_item")


def worklog_list(*, user, related: tuple[str, ...] = WORKLOG_PAGE_RELATED) -> QuerySet[WorkLog]:
    return WorkLog.objects.visible_to(user).select_related(*related)


def frequent_lines(*, user, limit: int = 6) -> list[dict]:
    """常用事项: what this community logged most in the last 60 days, for one-tap buttons."""
    since = timezone.localdate() - timedelta(days=60)
    rows = (
        WorkLog.objects.visible_to(user)
        .filter(date__gte=since)
        .values(
            "assignment_id",
            "assignment__task_item__name",
            "department_id",
            "department__name",
            "category",
            "approved",
        )
        .annotate(n=Count("id"))
        .order_by("-n", "assignment_id", "department_id")[:limit]
    )
    return list(rows)


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user).select_related("access_request")


def unread_count(*, user) -> int:
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()
