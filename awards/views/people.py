"""People, their yearly facts and award history; history import; households."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from units.forms import apply_service_errors
from units.search import fold

from .. import exports
from ..forms import (
    HoldForm,
    HouseholdForm,
    ImportForm,
    InitiativeForm,
    PersonForm,
    RatingForm,
    RecordForm,
)
from ..models import Household, Person
from ..permissions import can_see_citizen_id, get_person_for_user
from ..services import imports
from ..services import people as svc
from .nominations import _require_awards_user

PAGE_SIZE = 25


def person_list(request: HttpRequest) -> HttpResponse:
    _require_awards_user(request)
    query = request.GET.get("q", "")
    qs = Person.objects.visible_to(request.user).select_related("unit").search(query)
    qs = qs.order_by("full_name", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "awards/partials/person_table.html" if request.htmx else "awards/person_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "q": query,
            "querystring": f"q={query}",
            "show_citizen_id": can_see_citizen_id(request.user),
        },
    )


def person_create(request: HttpRequest) -> HttpResponse:
    _require_awards_user(request)
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = svc.person_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
            return redirect("awards:person_detail", pk=person.pk)
    return render(request, "awards/person_form.html", {"form": form, "title": _("Thêm cá nhân")})


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        person.refresh_from_db()
        try:
            svc.person_update(person=person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("awards:person_detail", pk=person.pk)
    return render(
        request,
        "awards/person_form.html",
        {
            "form": form,
            "title": _("Sửa thông tin: %(name)s") % {"name": person.full_name},
            "person": person,
        },
    )


def _person_context(request, person, **forms):
    ctx = {
        "person": person,
        "show_citizen_id": can_see_citizen_id(request.user),
        "records": person.awards.select_related("award").order_by("-year", "-award__rank"),
        "ratings": person.ratings.order_by("-year"),
        "initiatives": person.initiatives.order_by("-year"),
        "holds": person.holds.order_by("-started_on"),
        "nominations": person.nominations.select_related(
            "award", "nomination__proposing_unit"
        ).order_by("-nomination__award_year"),
        "rating_form": RatingForm(),
        "initiative_form": InitiativeForm(),
        "hold_form": HoldForm(),
        "record_form": RecordForm(),
    }
    ctx.update(forms)
    return ctx


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request, pk)
    return render(request, "awards/person_detail.html", _person_context(request, person))


FACT_FORMS = {
    "xep-loai": ("rating_form", RatingForm),
    "sang-kien": ("initiative_form", InitiativeForm),
    "ky-luat": ("hold_form", HoldForm),
    "khen-thuong": ("record_form", RecordForm),
}


@require_POST
def person_fact_add(request: HttpRequest, pk: int, fact: str) -> HttpResponse:
    person = get_person_for_user(request, pk)
    name, form_class = FACT_FORMS[fact]
    form = form_class(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if fact == "xep-loai":
                svc.rating_set(actor=request.user, person=person, **d)
            elif fact == "sang-kien":
                svc.initiative_add(actor=request.user, person=person, **d)
            elif fact == "ky-luat":
                svc.hold_add(actor=request.user, person=person, **d)
            else:
                svc.award_record_add(
                    actor=request.user, person=person, recipient_kind="individual", **d
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("awards:person_detail", pk=pk)
    return render(
        request,
        "awards/person_detail.html",
        _person_context(request, person, **{name: form, "open_form": fact}),
        status=422,
    )


def household_list(request: HttpRequest) -> HttpResponse:
    _require_awards_user(request)
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            svc.household_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm hộ gia đình."))
            return redirect("awards:household_list")
    query = request.GET.get("q", "")
    qs = Household.objects.visible_to(request.user).select_related("unit").search(query)
    page = Paginator(qs.order_by("head_name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/household_list.html",
        {"form": form, "page": page, "q": query, "has_query": bool(fold(query))},
    )


def history_import(request: HttpRequest) -> HttpResponse:
    _require_awards_user(request)
    form = ImportForm(request.POST or None, request.FILES or None, accept=".xlsx,.csv")
    form.fields["file"].label = _("Tệp Excel (.xlsx) hoặc CSV (UTF-8) theo mẫu")
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.history_import(upload=form.cleaned_data["file"], actor=request.user)
        except imports.ImportRejected as exc:
            problems = sorted(exc.by_row().items())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            message = ngettext(
                "Đã nhập %(n)s dòng lịch sử khen thưởng (%(new)s người mới; %(skipped)s dòng "
                "đã có, bỏ qua).",
                "Đã nhập %(n)s dòng lịch sử khen thưởng (%(new)s người mới; %(skipped)s dòng "
                "đã có, bỏ qua).",
                result.created,
            )
            messages.success(
                request,
                message
                % {"n": result.created, "new": result.new_people, "skipped": result.skipped},
            )
            return redirect("awards:history_import")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "awards/history_import.html",
        {
            "form": form,
            "problems": problems,
            "headers": imports.HISTORY_HEADERS,
            "help": imports.HISTORY_HELP,
        },
        status=status,
    )


def history_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.history_template(), content_type=exports.XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-lich-su-khen-thuong.xlsx"'
    return response
