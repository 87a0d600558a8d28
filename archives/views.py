"""Pages: 到期待销毁, the 销毁清册 (propose, approve, execute) and the 档案销毁 register.
Views are thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from communityops.errors import TransitionError
from communityops.views import Column, RegisterListView, RoleRequiredMixin
from organisation.navigation import COMMUNITY, SUPERVISORS

from . import selectors, services
from .filtersets import DisposalBatchFilterSet, DisposalRecordFilterSet, DueFilterSet
from .forms import DecisionForm, ProposeForm
from .models import BatchStatus, DisposalBatch, RecordKind
from .retention import retention_years

ARCHIVE_ROLES = COMMUNITY + SUPERVISORS


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form's fields (others above the form)."""
    aliases = {"ledger_book_ids": "ledger_books", "certificate_record_ids": "certificate_records"}
    for field, errors in exc.message_dict.items():
        field = aliases.get(field, field)
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def requested_kind(request) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in RecordKind.values else RecordKind.LEDGER_BOOK


PICK_FIELDS = {RecordKind.LEDGER_BOOK: "ledger_books", RecordKind.CERTIFICATE: "certificate_records"}


def _ids(values) -> set[int]:
    return {int(v) for v in values if str(v).isdigit()}


def _due(attr: str):
    return lambda obj: getattr(selectors.due_item(obj), attr)


class DueListView(RegisterListView):
    """到期待销毁: one kind at a time (tabs with counts), filters, Excel export."""

    title = gettext_lazy("到期待销毁")
    template_name = "archives/due_list.html"
    allowed_roles = ARCHIVE_ROLES
    filterset_class = DueFilterSet
    export_name = "disposal_due"
    due_columns = (
        Column(gettext_lazy("档号/编号"), lambda o: selectors.due_item(o).reference or "—"),
        Column(gettext_lazy("题名"), _due("title")),
        Column(gettext_lazy("社区"), _due("community")),
        Column(gettext_lazy("年度"), _due("year")),
        Column(gettext_lazy("保管期限"), _due("retention")),
        Column(gettext_lazy("可销毁日期"), _due("due_from")),
    )
    # A proposer ticks rows on the page (all ticked to start with) and hands them to 拟定销毁清册:
    # the checkboxes belong to the form `propose-form` (due_list.html), which GETs the propose page.
    pick_column = Column(
        gettext_lazy("选择"),
        lambda o: format_html(
            '<input class="form-check-input" type="checkbox" form="propose-form" name="{}" value="{}" checked'
            ' aria-label="{}">',
            PICK_FIELDS[selectors.due_item(o).kind],
            o.pk,
            selectors.due_item(o).reference or selectors.due_item(o).title,
        ),
    )

    @property
    def can_propose(self) -> bool:
        return self.scope.everything or self.scope.role in services.PROPOSER_ROLES

    @property
    def columns(self):
        if self.request.GET.get("export") == "xlsx" or not self.can_propose:
            return self.due_columns
        # next to the 档号 (the first cell links to the record), so a phone shows it without scrolling
        return (self.due_columns[0], self.pick_column, *self.due_columns[1:])

    def get_queryset(self):
        return selectors.due_list(
            user=self.request.user, kind=requested_kind(self.request), today=timezone.localdate()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = requested_kind(self.request)
        due = selectors.records_due_for_disposal(self.request.user, today=timezone.localdate())
        tabs = []
        for value, label in RecordKind.choices:
            query = self.request.GET.copy()
            query.pop("page", None)
            query["kind"] = value
            filtered = DueFilterSet(self.request.GET, queryset=due.by_kind[value], request=self.request).qs
            tabs.append(
                {
                    "label": label,
                    "count": filtered.count(),
                    "active": value == kind,
                    "query": query.urlencode(),
                }
            )
        context["tabs"] = tabs
        context["retention"] = {k: v if v is not None else "—" for k, v in retention_years().items()}
        if self.can_propose:
            community = self.scope.community_id or self.request.GET.get("community", "")
            year = self.request.GET.get("year", "")
            context["propose_url"] = reverse("archives:batch_create") + (
                f"?community={community}" + (f"&year={year}" if year else "") if community else ""
            )
        return context


class ProposeView(RoleRequiredMixin, View):
    """拟定销毁清册 for one community (the community head's own, or one of the street's)."""

    allowed_roles = services.PROPOSER_ROLES
    template_name = "archives/batch_form.html"

    def _form(self, data=None):
        today = timezone.localdate()
        source = data if data is not None else self.request.GET
        books = selectors.due_ledger_books(self.request.user, today=today)
        certs = selectors.due_certificate_records(self.request.user, today=today)
        # Rows ticked on 到期待销毁 (`picked`): pre-select exactly those, in their community.
        picked = None
        if data is None and source.get("picked") == "1":
            picked = {
                "ledger_books": list(books.filter(pk__in=_ids(source.getlist("ledger_books")))),
                "certificate_records": list(certs.filter(pk__in=_ids(source.getlist("certificate_records")))),
            }
        community = self.scope.community_id or source.get("community") or None
        if community is None and picked:
            community = next((r.community_id for rows in picked.values() for r in rows), None)
        try:
            books, certs = books.filter(community=community), certs.filter(community=community)
        except (ValueError, ValidationError):
            books, certs = books.none(), certs.none()
        year = self.request.GET.get("year", "")
        if year.isdigit() and 1900 <= int(year) <= 2100 and data is None and picked is None:  # as the filters
            books, certs = books.filter(year=year), certs.filter(date__year=year)
        initial = {"community": community}
        if picked is not None:
            chosen = {
                k: [r for r in rows if str(r.community_id) == str(community)] for k, rows in picked.items()
            }
            if sum(map(len, chosen.values())) < sum(map(len, picked.values())):
                messages.warning(
                    self.request,
                    _("每份销毁清册只含一个社区的记录：其他社区勾选的记录未列入，请分别拟定。"),
                )
            initial |= chosen
        elif data is None and community:
            initial |= {"ledger_books": list(books), "certificate_records": list(certs)}
        return ProposeForm(
            data, user=self.request.user, ledger_books=books, certificate_records=certs, initial=initial
        )

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form, "title": _("拟定销毁清册")})

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return self._render(form)
        data = form.cleaned_data
        try:
            batch = services.disposal_batch_propose(
                by=request.user,
                community_id=data["community"].pk,
                ledger_book_ids=[b.pk for b in data["ledger_books"]],
                certificate_record_ids=[c.pk for c in data["certificate_records"]],
                method=data["method"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self._render(form)
        messages.success(request, _("销毁清册 %(number)s 已拟定，待审批。") % {"number": batch.number})
        return redirect(batch)


class BatchListView(RegisterListView):
    title = gettext_lazy("销毁清册")
    allowed_roles = ARCHIVE_ROLES
    filterset_class = DisposalBatchFilterSet
    selector = staticmethod(selectors.disposal_batch_list)
    export_name = "disposal_batches"
    columns = (
        Column(gettext_lazy("清册编号"), "number"),
        Column(gettext_lazy("社区"), "community.name"),
        Column(gettext_lazy("状态"), "status"),
        Column(gettext_lazy("销毁方式"), "method"),
        Column(gettext_lazy("拟销毁人"), "proposed_by.username"),
        Column(
            gettext_lazy("拟定时间"), lambda b: timezone.localtime(b.proposed_at).strftime("%Y-%m-%d %H:%M")
        ),
        Column(gettext_lazy("监销人"), "approved_by.username"),
        Column(gettext_lazy("销毁日期"), "executed_on"),
    )


class BatchMixin(RoleRequiredMixin):
    allowed_roles = ARCHIVE_ROLES

    def get_batch(self) -> DisposalBatch:
        batch = (
            selectors.disposal_batch_list(user=self.request.user)
            .select_related("community__street")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if batch is None:
            raise Http404
        return batch


class BatchDetailView(BatchMixin, TemplateView):
    """One 销毁清册: its records, and the buttons the user's role allows at its stage."""

    template_name = "archives/batch_detail.html"

    def get_context_data(self, **kwargs):
        batch = self.get_batch()
        scope, user = self.scope, self.request.user
        is_approver = scope.everything or scope.role in services.APPROVER_ROLES
        is_executor = scope.everything or scope.role in services.EXECUTOR_ROLES
        return {
            **super().get_context_data(**kwargs),
            "batch": batch,
            "items": list(batch.items.all()),
            "title": _("销毁清册 %(number)s") % {"number": batch.number},
            "can_decide": batch.status == BatchStatus.PROPOSED
            and is_approver
            and batch.proposed_by_id != user.pk,
            "own_batch": batch.status == BatchStatus.PROPOSED and batch.proposed_by_id == user.pk,
            "can_execute": batch.status == BatchStatus.APPROVED and is_executor,
            "form": kwargs.get("form") or DecisionForm(user=user),
        }


class BatchPrintView(BatchMixin, TemplateView):
    """档案销毁清册 on A4: the records, totals and the 拟定人/监销人/销毁执行人 signature blocks."""

    template_name = "archives/batch_print.html"

    def get_context_data(self, **kwargs):
        batch = self.get_batch()
        items = list(batch.items.all().order_by("kind", "year", "reference", "id"))
        executed = batch.status == BatchStatus.EXECUTED
        decided = batch.status in (BatchStatus.APPROVED, BatchStatus.EXECUTED)
        return {
            **super().get_context_data(**kwargs),
            "batch": batch,
            "items": items,
            "executed": executed,
            "decided": decided,
            "totals": {
                "records": len(items),
                "ledger_books": sum(1 for i in items if i.kind == RecordKind.LEDGER_BOOK),
                "certificates": sum(1 for i in items if i.kind == RecordKind.CERTIFICATE),
                "entries": sum(i.entries_destroyed for i in items if i.kind == RecordKind.LEDGER_BOOK),
            },
            "title": _("档案销毁清册 %(number)s") % {"number": batch.number},
        }


class BatchActionView(BatchMixin, View):
    """批准 / 不予批准 / 执行销毁: POST only; errors come back on the batch page."""

    actions = {
        "approve": (services.disposal_batch_approve, gettext_lazy("已批准销毁。")),
        "reject": (services.disposal_batch_reject, gettext_lazy("已不予批准，记录退回到期待销毁清单。")),
        "execute": (services.disposal_batch_execute, gettext_lazy("已执行销毁，销毁登记已生成。")),
    }

    def post(self, request, pk, action):
        batch = self.get_batch()
        if action not in self.actions:
            raise Http404
        service, done = self.actions[action]
        form = DecisionForm(request.POST, user=request.user)
        form.is_valid()
        kwargs = {} if action == "execute" else {"note": form.cleaned_data.get("note", "")}
        try:
            service(by=request.user, batch_id=batch.pk, **kwargs)
        except ValidationError as exc:
            apply_errors(form, exc)
            view = BatchDetailView(request=request, kwargs=self.kwargs)
            return render(
                request, BatchDetailView.template_name, view.get_context_data(form=form), status=400
            )
        except TransitionError as exc:
            messages.error(request, str(exc.detail))
            return redirect(batch)
        messages.success(request, str(done))
        return redirect(batch)


class RegisterView(RegisterListView):
    """档案销毁登记: what was (or is to be) destroyed, when, how, on whose say."""

    title = gettext_lazy("档案销毁登记")
    allowed_roles = ARCHIVE_ROLES
    filterset_class = DisposalRecordFilterSet
    selector = staticmethod(selectors.disposal_record_list)
    export_name = "disposal_register"
    columns = (
        Column(gettext_lazy("档号/编号"), lambda r: r.reference or "—"),
        Column(gettext_lazy("题名"), "title"),
        Column(gettext_lazy("类别"), "kind"),
        Column(gettext_lazy("社区"), "community.name"),
        Column(gettext_lazy("年度"), "year"),
        Column(gettext_lazy("保管期限"), "retention"),
        Column(gettext_lazy("销毁清册"), "batch.number"),
        Column(gettext_lazy("状态"), "batch.status"),
        Column(gettext_lazy("销毁方式"), "batch.method"),
        Column(gettext_lazy("监销人"), "batch.approved_by.username"),
        Column(gettext_lazy("销毁日期"), "destroyed_on"),
        Column(gettext_lazy("电子记录数"), "entries_destroyed"),
    )
