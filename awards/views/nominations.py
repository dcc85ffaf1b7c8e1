"""Dossier pages: list, entry with inline nominees (htmx), live eligibility,
documents, Excel import, workflow actions, verification and exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from units.forms import apply_service_errors
from units.search import fold

from .. import exports
from ..filters import NominationFilter, NominationItemFilter
from ..forms import (
    DocumentForm,
    ImportForm,
    ItemCorrectForm,
    ItemForm,
    NominationForm,
    ReasonForm,
    SubmitForm,
)
from ..models import Nomination, NominationItem, Verdict, VerificationResult
from ..permissions import (
    can_correct,
    can_edit,
    can_see_citizen_id,
    can_use_awards,
    get_item_for_user,
    get_nomination_for_user,
)
from ..services import imports
from ..services import nominations as svc
from ..workdays import working_days_left
from ..workflow import EVENT_LABELS, TRANSITIONS, InvalidTransition, available_actions

PAGE_SIZE = 25


def _require_awards_user(request):
    if not can_use_awards(request.user):
        raise PermissionDenied


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Lists -------------------------------------------------------------------------


def nomination_list(request: HttpRequest) -> HttpResponse:
    _require_awards_user(request)
    base = (
        Nomination.objects.visible_to(request.user)
        .select_related("proposing_unit", "campaign")
        .annotate(
            n_items=Count("items", distinct=True),
            n_bad=Count("items", filter=Q(items__verdict=Verdict.INELIGIBLE), distinct=True),
        )
        .order_by("-award_year", "-updated_at")
    )
    f = NominationFilter(request.GET or None, queryset=base, user=request.user)
    qs = f.qs if f.is_bound and f.is_valid() else base
    if request.user.sees_everything and not request.GET.get("status"):
        qs = qs.exclude(status=Nomination.Status.DRAFT)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for n in page:
        n.days_left = (
            working_days_left(today, n.verification_due)
            if n.verification_due and n.is_awaiting_verification()
            else None
        )
    template = (
        "awards/partials/nomination_table.html" if request.htmx else "awards/nomination_list.html"
    )
    return render(
        request,
        template,
        {
            "filter": f,
            "page": page,
            "querystring": _querystring(request),
            "hides_drafts": request.user.sees_everything and not request.GET.get("status"),
        },
    )


def item_list(request: HttpRequest) -> HttpResponse:
    """Every nominee across the dossiers the user may see, with verdicts."""
    _require_awards_user(request)
    f = _item_filter(request)
    page = Paginator(f.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "awards/partials/item_table.html" if request.htmx else "awards/item_list.html"
    return render(
        request,
        template,
        {
            "filter": f,
            "page": page,
            "querystring": _querystring(request),
            "show_citizen_id": can_see_citizen_id(request.user),
        },
    )


def _item_filter(request) -> NominationItemFilter:
    base = (
        NominationItem.objects.visible_to(request.user)
        .for_list()
        .exclude(
            # Provincial staff do not see other units' drafts in this list.
            Q(nomination__status=Nomination.Status.DRAFT)
            if request.user.sees_everything and not request.GET.get("status")
            else Q(pk__in=[])
        )
        .order_by("-nomination__award_year", "nomination__proposing_unit__name", "pk")
    )
    return NominationItemFilter(request.GET or None, queryset=base, user=request.user)


def item_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_awards_user(request)
    f = _item_filter(request)
    rows = exports.nominee_rows(f.qs, with_citizen_id=can_see_citizen_id(request.user))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        data, ctype = exports.nominees_xlsx(rows), exports.XLSX
    else:
        data, ctype = exports.nominees_csv(rows), "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-de-nghi-{stamp}.{fmt}"'
    return response


# Dossier -----------------------------------------------------------------------


def nomination_create(request: HttpRequest) -> HttpResponse:
    _require_awards_user(request)
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = svc.nomination_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo hồ sơ. Thêm người, tập thể được đề nghị bên dưới."))
            return redirect("awards:nomination_detail", uid=nomination.uid)
    return render(
        request, "awards/nomination_form.html", {"form": form, "title": _("Lập hồ sơ đề nghị")}
    )


def nomination_edit(request: HttpRequest, uid) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid, write=True)
    form = NominationForm(request.POST or None, instance=nomination, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            svc.nomination_update(nomination=nomination, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin hồ sơ."))
            return redirect("awards:nomination_detail", uid=nomination.uid)
    return render(
        request,
        "awards/nomination_form.html",
        {"form": form, "title": _("Sửa thông tin hồ sơ"), "nomination": nomination},
    )


def _items(nomination):
    return list(
        nomination.items.select_related("person__unit", "unit", "household", "award").order_by(
            "created_at", "pk"
        )
    )


def _detail_context(request, nomination, **extra) -> dict:
    user = request.user
    today = timezone.localdate()
    items = _items(nomination)
    events = list(nomination.events.select_related("actor"))
    for e in events:
        e.label = EVENT_LABELS.get(e.action, e.action)
        e.from_label, e.to_label = e.status_label(e.from_status), e.status_label(e.to_status)
    ctx = {
        "nomination": nomination,
        "items": items,
        "counts": {v: sum(1 for i in items if i.verdict == v) for v in Verdict.values},
        "documents": list(nomination.documents.select_related("uploaded_by")),
        "missing_documents": svc.missing_documents(nomination),
        "events": events,
        "actions": available_actions(nomination, user),
        "can_edit": can_edit(user, nomination),
        "can_correct": can_correct(user, nomination),
        "show_citizen_id": can_see_citizen_id(user),
        "days_left": (
            working_days_left(today, nomination.verification_due)
            if nomination.verification_due and nomination.is_awaiting_verification()
            else None
        ),
        "item_form": ItemForm(nomination=nomination),
        "document_form": DocumentForm(),
        "submit_form": SubmitForm(),
        "reason_form": ReasonForm(),
    }
    ctx.update(extra)
    return ctx


def nomination_detail(request: HttpRequest, uid) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid)
    return render(request, "awards/nomination_detail.html", _detail_context(request, nomination))


# Nominees (htmx) -------------------------------------------------------------------


def _items_partial(request, nomination, *, item_form=None, status=200):
    ctx = _detail_context(request, nomination)
    if item_form is not None:
        ctx["item_form"] = item_form
    return render(request, "awards/partials/items_block.html", ctx, status=status)


@require_POST
def item_add(request: HttpRequest, uid) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid, write=True)
    form = ItemForm(request.POST, nomination=nomination)
    if form.is_valid():
        try:
            item = svc.nomination_item_add(
                nomination=nomination, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": item.recipient_name()})
                return redirect("awards:nomination_detail", uid=uid)
            return _items_partial(request, nomination)
    if not request.htmx:
        return render(
            request,
            "awards/nomination_detail.html",
            _detail_context(request, nomination, item_form=form),
            status=422,
        )
    return _items_partial(request, nomination, item_form=form, status=422)


@require_POST
def item_preview(request: HttpRequest, uid) -> HttpResponse:
    """Live check of the nominee being typed: verdict and reasons, nothing saved."""
    nomination = get_nomination_for_user(request, uid, write=True)
    form = ItemForm(request.POST, nomination=nomination)
    ctx = {"nomination": nomination}
    if form.is_valid():
        data = form.service_kwargs()
        data["achievement"] = data["achievement"] or "-"
        try:
            item, (verdict, findings) = svc.preview_item(nomination=nomination, **data)
        except ValidationError as exc:
            ctx["errors"] = exc.messages
        else:
            ctx.update(item=item, verdict=verdict, findings=[f.as_dict() for f in findings])
    else:
        needed = {"person", "unit", "household", "award"}
        ctx["incomplete"] = bool(needed & set(form.errors)) or "__all__" in form.errors
        ctx["errors"] = [
            e for f, es in form.errors.items() if f not in ("achievement",) for e in es
        ]
    return render(request, "awards/partials/item_preview.html", ctx)


def person_options(request: HttpRequest, uid) -> HttpResponse:
    """htmx: <option>s of the dossier's people matching ?q= (accent-insensitive)."""
    nomination = get_nomination_for_user(request, uid, write=True)
    form = ItemForm(nomination=nomination)
    query = request.GET.get("q", "")
    people = form.fields["person"].queryset.search(query).order_by("full_name")[:30]
    return render(
        request,
        "awards/partials/person_options.html",
        {"people": people, "has_query": bool(fold(query))},
    )


@require_POST
def item_remove(request: HttpRequest, uid, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid, write=True)
    item = get_item_for_user(request, nomination, pk)
    svc.nomination_item_remove(item=item, actor=request.user)
    if request.htmx:
        return _items_partial(request, nomination)
    messages.success(request, _("Đã bỏ %(name)s khỏi hồ sơ.") % {"name": item.recipient_name()})
    return redirect("awards:nomination_detail", uid=uid)


def item_edit(request: HttpRequest, uid, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid, write=True)
    item = get_item_for_user(request, nomination, pk)
    initial = {
        "recipient_kind": item.recipient_kind,
        "person": item.person_id,
        "unit": item.unit_id,
        "household": item.household_id,
        "award": item.award_id,
        "position_text": item.position_text,
        "achievement": item.achievement,
    }
    form = ItemForm(request.POST or None, nomination=nomination, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        data.pop("recipient_kind")
        try:
            svc.nomination_item_update(item=item, actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã sửa đề nghị của %(name)s.") % {"name": item.recipient_name()}
            )
            return redirect("awards:nomination_detail", uid=uid)
    return render(
        request, "awards/item_form.html", {"form": form, "nomination": nomination, "item": item}
    )


def item_correct(request: HttpRequest, uid, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid)
    if not can_correct(request.user, nomination):
        raise PermissionDenied
    item = get_item_for_user(request, nomination, pk)
    form = ItemCorrectForm(
        request.POST or None,
        initial={
            "award": item.award_id,
            "position_text": item.position_text,
            "achievement": item.achievement,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.nomination_item_correct(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ghi nhận hiệu chỉnh; đơn vị sẽ thấy trong nhật ký hồ sơ.")
            )
            return redirect("awards:nomination_detail", uid=uid)
    return render(
        request, "awards/item_correct.html", {"form": form, "nomination": nomination, "item": item}
    )


# Documents and import -----------------------------------------------------------------


@require_POST
def document_add(request: HttpRequest, uid) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.nomination_document_add(
                nomination=nomination,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
            return redirect("awards:nomination_detail", uid=uid)
    return render(
        request,
        "awards/nomination_detail.html",
        _detail_context(request, nomination, document_form=form),
        status=422,
    )


def document_download(request: HttpRequest, uid, pk: int) -> FileResponse:
    nomination = get_nomination_for_user(request, uid)
    doc = nomination.documents.filter(pk=pk).first()
    if doc is None:
        from django.http import Http404

        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


@require_POST
def document_remove(request: HttpRequest, uid, pk: int) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid, write=True)
    doc = nomination.documents.filter(pk=pk).first()
    if doc:
        svc.nomination_document_remove(document=doc, actor=request.user)
        messages.success(request, _("Đã xóa tài liệu “%(name)s”.") % {"name": doc.original_name})
    return redirect("awards:nomination_detail", uid=uid)


def nominee_import(request: HttpRequest, uid) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.nominees_import(
                nomination=nomination, actor=request.user, upload=form.cleaned_data["file"]
            )
        except imports.ImportRejected as exc:
            problems = sorted(exc.by_row().items())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            message = ngettext(
                "Đã nhập %(n)s dòng (%(new)s người mới vào danh sách cá nhân).",
                "Đã nhập %(n)s dòng (%(new)s người mới vào danh sách cá nhân).",
                result.created,
            )
            messages.success(request, message % {"n": result.created, "new": result.new_people})
            return redirect("awards:nomination_detail", uid=uid)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "awards/nominee_import.html",
        {"form": form, "nomination": nomination, "problems": problems},
        status=status,
    )


def nominee_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.nominee_template(), content_type=exports.XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-de-nghi.xlsx"'
    return response


# Workflow ---------------------------------------------------------------------------


@require_POST
def nomination_action(request: HttpRequest, uid, action: str) -> HttpResponse:
    """submit, resubmit, return, withdraw, send_to_council (verify has its own page)."""
    nomination = get_nomination_for_user(request, uid)
    if action not in TRANSITIONS or action == "verify":
        from django.http import Http404

        raise Http404
    submit_form, reason_form = SubmitForm(request.POST), ReasonForm(request.POST)
    try:
        submit_form.is_valid()
        data = submit_form.cleaned_data
        if action == "submit":
            svc.nomination_submit(
                nomination=nomination,
                actor=request.user,
                acknowledge=data.get("acknowledge", False),
            )
        elif action == "resubmit":
            svc.nomination_resubmit(
                nomination=nomination,
                actor=request.user,
                acknowledge=data.get("acknowledge", False),
                note=data.get("note", ""),
            )
        elif action == "return":
            svc.nomination_return(
                nomination=nomination, actor=request.user, reason=request.POST.get("reason", "")
            )
        elif action == "withdraw":
            svc.nomination_withdraw(
                nomination=nomination, actor=request.user, reason=request.POST.get("reason", "")
            )
        else:
            svc.nomination_send_to_council(nomination=nomination, actor=request.user)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect("awards:nomination_detail", uid=uid)
    except ValidationError as exc:
        target = reason_form if action in ("return", "withdraw") else submit_form
        apply_service_errors(target, exc)
        nomination.refresh_from_db()
        ctx = _detail_context(
            request,
            nomination,
            submit_form=submit_form,
            reason_form=reason_form,
            failed_action=action,
        )
        return render(request, "awards/nomination_detail.html", ctx, status=422)
    messages.success(
        request, _("%(action)s: đã thực hiện.") % {"action": TRANSITIONS[action].label}
    )
    return redirect("awards:nomination_detail", uid=uid)


def nomination_verify(request: HttpRequest, uid) -> HttpResponse:
    nomination = get_nomination_for_user(request, uid)
    if "verify" not in dict(available_actions(nomination, request.user)):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        results = {}
        for item in nomination.items.all():
            results[item.pk] = (
                request.POST.get(f"result-{item.pk}", ""),
                request.POST.get(f"note-{item.pk}", ""),
            )
        try:
            svc.nomination_verify(
                nomination=nomination,
                actor=request.user,
                results=results,
                note=request.POST.get("note", ""),
            )
        except (ValidationError, InvalidTransition) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        else:
            messages.success(request, _("Đã ghi nhận kết quả thẩm định."))
            return redirect("awards:nomination_detail", uid=uid)
    else:
        # Re-check now, so the verifier sees the rules applied to today's data.
        svc.nomination_check(nomination=nomination)
    items = _items(nomination)
    for item in items:
        item.posted_result = request.POST.get(
            f"result-{item.pk}",
            item.verification
            or (VerificationResult.PASSED if item.verdict == Verdict.ELIGIBLE else ""),
        )
        item.posted_note = request.POST.get(f"note-{item.pk}", item.verification_note)
    return render(
        request,
        "awards/nomination_verify.html",
        {
            "nomination": nomination,
            "items": items,
            "errors": errors,
            "show_citizen_id": can_see_citizen_id(request.user),
        },
        status=422 if errors else 200,
    )
