"""HTTP glue of the emulation app. Each view: access helper → form → one
service call → message + redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from units.forms import apply_service_errors
from units.models import Cluster, Unit
from units.permissions import visible_unit_ids

from . import permissions as perms
from . import services
from .charts import trend_svg
from .excel import standings_workbook
from .forms import (
    CampaignCopyForm,
    CampaignForm,
    CriterionForm,
    PactForm,
    RegistrationForm,
    ScoreLayerForm,
    TableCreateForm,
    TableSettingsForm,
)
from .models import (
    Campaign,
    Criterion,
    Layer,
    Pact,
    ProvinceSetting,
    Registration,
    ScoreEntry,
    ScoreSheet,
    ScoringTable,
)
from .selectors import sheet_trail, table_results, unit_trend
from .services import InvalidTransition, ScoreInput
from .workflow import (
    CAMPAIGN_TRANSITIONS,
    SHEET_TRANSITIONS,
    TABLE_TRANSITIONS,
    action_for_slug,
    available_actions,
)


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


# Campaigns ----------------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.visible_to(request.user).annotate(
        n_tasks=Count("focus_tasks", distinct=True),
        n_registrations=Count("registrations", distinct=True),
    )
    query = request.GET.get("q", "").strip()
    if query:
        campaigns = campaigns.search(query)
    status = request.GET.get("trang-thai", "")
    if status in Campaign.Status.values:
        campaigns = campaigns.filter(status=status)
    return render(
        request,
        "emulation/campaign_list.html",
        {
            "campaigns": campaigns.order_by("-year", "title"),
            "query": query,
            "status": status,
            "statuses": Campaign.Status.choices,
            "can_manage": perms.can_manage_campaigns(request.user),
        },
    )


def _campaign_for(request, code: str) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(request.user), code=code)


def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign_for(request, code)
    user = request.user
    registrations = campaign.registrations.select_related("unit").prefetch_related(
        "commitments__focus_task"
    )
    if not perms.is_provincial(user):
        ids = visible_unit_ids(user) or frozenset()
        registrations = registrations.filter(unit_id__in=ids)
    ctx = {
        "campaign": campaign,
        "focus_tasks": campaign.focus_tasks.all(),
        "registrations": registrations,
        "tables": campaign.scoring_tables.select_related("cluster"),
        "actions": available_actions(CAMPAIGN_TRANSITIONS, campaign, user),
        "can_manage": perms.can_manage_campaigns(user),
        "can_register": campaign.status == Campaign.Status.LAUNCHED
        and bool(user.unit_id)
        and perms.can_act_for_unit(user, user.unit_id),
        "events": campaign.events.select_related("actor")[:20] if perms.is_provincial(user) else [],
        "copy_form": CampaignCopyForm(initial={"year": campaign.year + 1}),
    }
    return render(request, "emulation/campaign_detail.html", ctx)


def campaign_create(request: HttpRequest) -> HttpResponse:
    perms.require(perms.can_manage_campaigns(request.user))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "focus_tasks_text"}
        try:
            campaign = services.campaign_create(
                actor=request.user, focus_tasks=form.focus_task_titles(), **data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã tạo dự thảo phong trào “%(title)s”.") % {"title": campaign.title}
            )
            return redirect("emulation:campaign_detail", code=campaign.code)
    return render(
        request,
        "emulation/campaign_form.html",
        {"form": form, "title": _("Tạo phong trào thi đua")},
    )


def campaign_edit(request: HttpRequest, code: str) -> HttpResponse:
    perms.require(perms.can_manage_campaigns(request.user))
    campaign = get_object_or_404(Campaign, code=code)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "focus_tasks_text"}
        fresh = Campaign.objects.get(pk=campaign.pk)
        try:
            services.campaign_update(
                campaign=fresh, actor=request.user, focus_tasks=form.focus_task_titles(), **data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phong trào."))
            return redirect("emulation:campaign_detail", code=fresh.code)
    return render(
        request,
        "emulation/campaign_form.html",
        {
            "form": form,
            "title": _("Sửa: %(title)s") % {"title": campaign.title},
            "campaign": campaign,
        },
    )


@require_POST
def campaign_transition(request: HttpRequest, code: str, action: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, code=code)
    action = action_for_slug(CAMPAIGN_TRANSITIONS, action)
    if action is None:
        raise Http404
    try:
        services.campaign_transition(
            campaign=campaign, action=action, actor=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    except InvalidTransition:
        messages.error(request, _("Không thực hiện được: trạng thái phong trào đã thay đổi."))
    else:
        messages.success(
            request,
            _("%(action)s: “%(title)s” – xong.")
            % {"action": CAMPAIGN_TRANSITIONS[action].label, "title": campaign.title},
        )
    return redirect("emulation:campaign_detail", code=campaign.code)


@require_POST
def campaign_copy(request: HttpRequest, code: str) -> HttpResponse:
    perms.require(perms.can_manage_campaigns(request.user))
    campaign = get_object_or_404(Campaign, code=code)
    form = CampaignCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.campaign_copy(
                campaign=campaign, year=form.cleaned_data["year"], actor=request.user
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(
                request, _("Đã sao chép thành dự thảo “%(title)s”.") % {"title": copy.title}
            )
            return redirect("emulation:campaign_edit", code=copy.code)
    else:
        messages.error(request, _("Năm sao chép không hợp lệ."))
    return redirect("emulation:campaign_detail", code=campaign.code)


# Registration and pact ---------------------------------------------------------------


def registration_edit(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign_for(request, code)
    unit_code = request.GET.get("don-vi")
    unit = get_object_or_404(Unit, code=unit_code) if unit_code else request.user.unit
    if unit is None:
        raise Http404
    perms.require_visible(perms.can_act_for_unit(request.user, unit.pk))
    tasks = list(campaign.focus_tasks.all())
    existing = Registration.objects.filter(campaign=campaign, unit=unit).first()
    initial = {}
    if existing:
        initial = {"target_titles": existing.target_titles, "note": existing.note}
        initial.update({f"commit_{c.focus_task_id}": c.text for c in existing.commitments.all()})
    form = RegistrationForm(request.POST or None, focus_tasks=tasks, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_save(
                campaign=campaign,
                unit=unit,
                target_titles=form.cleaned_data["target_titles"],
                commitments=form.commitments(),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lưu đăng ký thi đua của %(unit)s.") % {"unit": unit.name}
            )
            return redirect("emulation:campaign_detail", code=campaign.code)
    return render(
        request,
        "emulation/registration_form.html",
        {"campaign": campaign, "unit": unit, "form": form, "existing": existing},
    )


def pact_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    cluster = get_object_or_404(Cluster, code=code)
    user = request.user
    can_edit = perms.is_provincial(user) or (cluster.pk, year) in perms.head_cluster_years(user)
    is_member = (cluster.pk, year) in perms.member_cluster_years(user)
    perms.require_visible(can_edit or is_member)
    pact = Pact.objects.filter(cluster=cluster, year=year).prefetch_related("signatories").first()
    members = Unit.objects.filter(memberships__cluster=cluster, memberships__year=year).order_by(
        "name"
    )
    form = None
    if can_edit:
        initial = {}
        if pact:
            initial = {
                "text": pact.text,
                "signed_on": pact.signed_on,
                "signatories": list(pact.signatories.all()),
            }
        form = PactForm(request.POST or None, members=members, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.pact_save(cluster=cluster, year=year, actor=user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu giao ước thi đua."))
                return redirect("emulation:pact", code=code, year=year)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "emulation/pact_form.html",
        {"cluster": cluster, "year": year, "pact": pact, "form": form, "members": members},
    )


# Scoring tables -------------------------------------------------------------------------


def _table(code: str, year: int) -> ScoringTable:
    return get_object_or_404(
        ScoringTable.objects.select_related("cluster", "campaign"), cluster__code=code, year=year
    )


def table_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    user = request.user
    tables = ScoringTable.objects.filter(year=year).select_related("cluster", "campaign")
    if not perms.is_provincial(user):
        heads = perms.head_cluster_years(user)
        tables = tables.filter(cluster_id__in=[c for c, y in heads if y == year])
    tables = tables.annotate(n_criteria=Count("criteria"))
    form = TableCreateForm(initial={"year": year}) if perms.is_provincial(user) else None
    return render(
        request,
        "emulation/table_list.html",
        {"year": year, "tables": tables, "form": form},
    )


@require_POST
def table_create(request: HttpRequest) -> HttpResponse:
    perms.require(perms.is_provincial(request.user))
    form = TableCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn cụm, khối và năm."))
        return redirect("emulation:table_list")
    data = form.cleaned_data
    try:
        if (
            data["copy_previous"]
            and ScoringTable.objects.filter(cluster=data["cluster"], year__lt=data["year"]).exists()
        ):
            table = services.table_copy_previous(
                cluster=data["cluster"], year=data["year"], actor=request.user
            )
            messages.success(request, _("Đã tạo bảng điểm từ bảng năm trước."))
        else:
            table = services.table_create(
                cluster=data["cluster"], year=data["year"], actor=request.user
            )
            messages.success(request, _("Đã tạo bảng điểm trống."))
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(f"{reverse('emulation:table_list')}?nam={data['year']}")
    return redirect("emulation:table_detail", code=table.cluster.code, year=table.year)


def _render_table(request, table, *, criterion_form=None, settings_form=None, status=200):
    user = request.user
    perms.require_visible(perms.can_assess(user, table))
    criteria = list(table.criteria.select_related("focus_task").order_by("position", "pk"))
    groups = [c for c in criteria if c.kind == Criterion.Kind.GROUP]
    for group in groups:
        group.items = [c for c in criteria if c.parent_id == group.pk]
        group.used = sum(c.max_points for c in group.items)
    can_edit = perms.is_provincial(user) and table.is_editable()
    ctx = {
        "table": table,
        "groups": groups,
        "bonus_items": [c for c in criteria if c.kind == Criterion.Kind.BONUS],
        "penalty_items": [c for c in criteria if c.kind == Criterion.Kind.PENALTY],
        "max_total": sum(g.max_points for g in groups),
        "problems": services.table_problems(table) if table.is_editable() else [],
        "can_edit": can_edit,
        "is_provincial": perms.is_provincial(user),
        "actions": available_actions(TABLE_TRANSITIONS, table, user),
    }
    if can_edit:
        ctx["criterion_form"] = criterion_form or CriterionForm(table=table)
    if perms.is_provincial(user) and not table.is_published:
        ctx["settings_form"] = settings_form or TableSettingsForm(instance=table)
    return render(request, "emulation/table_detail.html", ctx, status=status)


def table_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _render_table(request, _table(code, year))


@require_POST
def criterion_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    table = _table(code, year)
    perms.require(perms.is_provincial(request.user))
    form = CriterionForm(request.POST, table=table)
    if form.is_valid():
        try:
            services.criterion_save(table=table, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã thêm “%(title)s”.") % {"title": form.cleaned_data["title"]}
            )
            return redirect("emulation:table_detail", code=code, year=year)
    return _render_table(request, table, criterion_form=form, status=400)


def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("table__cluster"), pk=pk)
    table = criterion.table
    perms.require(perms.is_provincial(request.user))
    initial = {
        "kind": criterion.kind,
        "parent": criterion.parent_id,
        "title": criterion.title,
        "max_points": criterion.max_points,
        "focus_task": criterion.focus_task_id,
        "position": criterion.position,
        "guidance": criterion.guidance,
    }
    form = CriterionForm(request.POST or None, table=table, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                table=table, criterion=criterion, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu tiêu chí."))
            return redirect("emulation:table_detail", code=table.cluster.code, year=table.year)
    return render(
        request,
        "emulation/criterion_form.html",
        {"form": form, "criterion": criterion, "table": table},
    )


@require_POST
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("table__cluster"), pk=pk)
    table = criterion.table
    try:
        services.criterion_delete(criterion=criterion, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Đã xóa “%(title)s”.") % {"title": criterion.title})
    return redirect("emulation:table_detail", code=table.cluster.code, year=table.year)


@require_POST
def table_settings(request: HttpRequest, code: str, year: int) -> HttpResponse:
    table = _table(code, year)
    perms.require(perms.is_provincial(request.user))
    form = TableSettingsForm(request.POST, instance=ScoringTable.objects.get(pk=table.pk))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.table_update_settings(
                table=ScoringTable.objects.get(pk=table.pk), actor=request.user, **data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu cấu hình bảng điểm."))
            return redirect("emulation:table_detail", code=code, year=year)
    return _render_table(request, table, settings_form=form, status=400)


@require_POST
def table_transition(request: HttpRequest, code: str, year: int, action: str) -> HttpResponse:
    table = _table(code, year)
    action = action_for_slug(TABLE_TRANSITIONS, action)
    if action is None:
        raise Http404
    try:
        services.table_transition(
            table=table, action=action, actor=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    except InvalidTransition:
        messages.error(request, _("Không thực hiện được: trạng thái bảng điểm đã thay đổi."))
    else:
        messages.success(
            request, _("%(action)s – xong.") % {"action": TABLE_TRANSITIONS[action].label}
        )
    target = request.POST.get("next")
    if target == "standings":
        return redirect("emulation:standings", code=code, year=year)
    return redirect("emulation:table_detail", code=code, year=year)


# Scoring --------------------------------------------------------------------------------


def scoring_index(request: HttpRequest) -> HttpResponse:
    """The score sheets the user works on this year: own units, cluster
    members (cluster head), or all of them (provincial staff)."""
    year = _year(request)
    user = request.user
    sheets = ScoreSheet.objects.filter(table__year=year).select_related("table__cluster", "unit")
    if not perms.is_provincial(user):
        heads = [c for c, y in perms.head_cluster_years(user) if y == year]
        ids = visible_unit_ids(user) or frozenset()
        sheets = sheets.filter(Q(unit_id__in=ids) | Q(table__cluster_id__in=heads))
    sheets = sheets.order_by("table__cluster__kind", "table__cluster__name", "unit__name")
    return render(
        request,
        "emulation/scoring_index.html",
        {"year": year, "sheets": sheets, "is_provincial": perms.is_provincial(user)},
    )


def _sheet(code: str, year: int, unit_code: str) -> ScoreSheet:
    return get_object_or_404(
        ScoreSheet.objects.select_related("table__cluster", "table__campaign", "unit"),
        table__cluster__code=code,
        table__year=year,
        unit__code=unit_code,
    )


def _default_layer(user, sheet: ScoreSheet) -> str:
    status = sheet.status
    if perms.is_provincial(user) and status in ("assessed", "verified"):
        return Layer.FINAL
    if perms.can_assess(user, sheet.table) and status in ("submitted", "assessed"):
        return Layer.CLUSTER
    if perms.can_act_for_unit(user, sheet.unit_id):
        return Layer.SELF
    return Layer.CLUSTER


def _layer_editable(user, sheet: ScoreSheet, layer: str) -> bool:
    if not sheet.table.accepts_scores() or not perms.can_edit_layer(user, sheet, layer):
        return False
    if sheet.status in services.LAYER_OPEN[layer]:
        return True
    return perms.is_provincial(user) and sheet.status != ScoreSheet.Status.DRAFT


def sheet_detail(request: HttpRequest, code: str, year: int, unit_code: str) -> HttpResponse:
    sheet = _sheet(code, year, unit_code)
    user = request.user
    perms.require_visible(perms.can_see_sheet(user, sheet))
    layer = request.GET.get("lop") or request.POST.get("lop") or _default_layer(user, sheet)
    if layer not in Layer.values:
        raise Http404
    editable = _layer_editable(user, sheet, layer)
    criteria = [
        c
        for c in sorted(
            sheet.table.criteria.select_related("parent", "focus_task"),
            key=lambda c: (
                {"criterion": 0, "bonus": 1, "penalty": 2}.get(c.kind, 3),
                c.parent.position if c.parent else 0,
                c.position,
            ),
        )
        if c.kind != Criterion.Kind.GROUP
    ]
    entries = {e.criterion_id: e for e in sheet.entries.all()}
    needs_reason = sheet.status != ScoreSheet.Status.DRAFT
    form = ScoreLayerForm(
        request.POST or None,
        request.FILES or None,
        criteria=criteria,
        entries=entries,
        layer=layer,
        needs_reason=needs_reason,
    )
    status = 200
    if request.method == "POST":
        perms.require(editable)
        if form.is_valid():
            inputs = {
                c.pk: ScoreInput(
                    points=form.cleaned_data.get(f"points_{c.pk}"),
                    note=form.cleaned_data.get(f"note_{c.pk}", ""),
                    reason=form.cleaned_data.get(f"reason_{c.pk}", ""),
                    evidence=form.cleaned_data.get(f"evidence_{c.pk}"),
                )
                for c in criteria
            }
            try:
                changed = services.score_layer_save(
                    sheet=sheet, layer=layer, inputs=inputs, actor=user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                messages.error(request, _("Chưa lưu: xem các ô báo lỗi bên dưới."))
                status = 400
            else:
                messages.success(
                    request,
                    ngettext(
                        "Đã lưu điểm (%(n)s thay đổi).", "Đã lưu điểm (%(n)s thay đổi).", changed
                    )
                    % {"n": changed},
                )
                return redirect(f"{request.path}?lop={layer}")
        else:
            status = 400
    layers = [(value, label, _layer_editable(user, sheet, value)) for value, label in Layer.choices]
    actions = []
    if sheet.table.accepts_scores():
        actions = available_actions(SHEET_TRANSITIONS, sheet, user)
    return render(
        request,
        "emulation/sheet_detail.html",
        {
            "sheet": sheet,
            "table": sheet.table,
            "form": form,
            "layer": layer,
            "layer_label": Layer(layer).label,
            "layers": layers,
            "editable": editable,
            "actions": actions,
            "trail": sheet_trail(sheet)[:50],
            "events": sheet.events.select_related("actor")[:20],
        },
        status=status,
    )


@require_POST
def sheet_transition(
    request: HttpRequest, code: str, year: int, unit_code: str, action: str
) -> HttpResponse:
    sheet = _sheet(code, year, unit_code)
    perms.require_visible(perms.can_see_sheet(request.user, sheet))
    action = action_for_slug(SHEET_TRANSITIONS, action)
    if action is None:
        raise Http404
    try:
        services.sheet_transition(
            sheet=sheet, action=action, actor=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    except InvalidTransition:
        messages.error(request, _("Không thực hiện được: trạng thái phiếu chấm đã thay đổi."))
    else:
        messages.success(
            request,
            _("%(action)s: %(unit)s – xong.")
            % {"action": SHEET_TRANSITIONS[action].label, "unit": sheet.unit.name},
        )
    return redirect("emulation:sheet", code=code, year=year, unit_code=unit_code)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence is private: served through this check, never from /media/."""
    entry = get_object_or_404(
        ScoreEntry.objects.select_related("sheet__table"), pk=pk, evidence__gt=""
    )
    perms.require_visible(perms.can_see_sheet(request.user, entry.sheet))
    return FileResponse(
        entry.evidence.open("rb"), as_attachment=True, filename=entry.evidence_name or None
    )


# Standings ------------------------------------------------------------------------------


def standings_index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    user = request.user
    tables = (
        ScoringTable.objects.filter(year=year)
        .select_related("cluster")
        .annotate(n_sheets=Count("sheets"))
    )
    setting = ProvinceSetting.current()
    visible = [t for t in tables if perms.can_see_standings(user, t)]
    years = sorted(set(ScoringTable.objects.values_list("year", flat=True)) | {year}, reverse=True)
    return render(
        request,
        "emulation/standings_index.html",
        {
            "year": year,
            "years": years,
            "tables": visible,
            "setting": setting,
            "is_provincial": perms.is_provincial(user),
        },
    )


@require_POST
def public_setting(request: HttpRequest) -> HttpResponse:
    perms.require(perms.is_provincial(request.user))
    services.province_setting_update(
        public_standings=request.POST.get("public_standings") == "1", actor=request.user
    )
    messages.success(request, _("Đã lưu cấu hình công khai kết quả xếp hạng."))
    return redirect("emulation:standings_index")


def _visible_table(request, code: str, year: int) -> ScoringTable:
    table = _table(code, year)
    perms.require_visible(perms.can_see_standings(request.user, table))
    return table


def standings(request: HttpRequest, code: str, year: int) -> HttpResponse:
    table = _visible_table(request, code, year)
    results = table_results(table)
    user = request.user
    return render(
        request,
        "emulation/standings_detail.html",
        {
            "table": table,
            "results": results,
            "actions": available_actions(TABLE_TRANSITIONS, table, user),
            "is_provincial": perms.is_provincial(user),
            "can_score": perms.can_assess(user, table),
            "own_ids": visible_unit_ids(user),
        },
    )


def standings_excel(request: HttpRequest, code: str, year: int) -> HttpResponse:
    table = _visible_table(request, code, year)
    data = standings_workbook(table_results(table))
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="xep-hang-{code}-{year}.xlsx"'
    return response


def unit_standing(request: HttpRequest, unit_code: str, year: int) -> HttpResponse:
    """A unit's own standing: rank, each criterion against the cluster average,
    points lost with reasons, the change trail and the trend over the years."""
    unit = get_object_or_404(Unit, code=unit_code)
    sheet = (
        ScoreSheet.objects.filter(unit=unit, table__year=year)
        .select_related("table__cluster", "table__campaign")
        .first()
    )
    user = request.user
    own = perms.can_act_for_unit(user, unit.pk)
    if sheet is None:
        perms.require_visible(own)
        return render(
            request,
            "emulation/unit_standing.html",
            {
                "unit": unit,
                "year": year,
                "sheet": None,
                "trend_svg": trend_svg(unit_trend(unit)),
            },
        )
    table = sheet.table
    # The detail (points lost, reasons) is the unit's own business and that of
    # those who score it; rank and averages follow the standings' visibility.
    perms.require_visible(own or perms.can_assess(user, table))
    sees_results = perms.can_see_standings(user, table)
    results = table_results(table)
    row = results.row_for(unit.pk)
    entries = {e.criterion_id: e for e in sheet.entries.all()}
    averages = results.averages() if sees_results else {}
    trail = list(sheet_trail(sheet))
    latest_reason: dict[int, str] = {}
    for change in trail:  # newest first: keep the first seen per criterion
        latest_reason.setdefault(change.criterion_id, change.reason)
    lines = []
    for criterion in results.criteria + results.bonus_items + results.penalty_items:
        entry = entries.get(criterion.pk)
        points = row.criteria.get(criterion.pk) if row else None
        lost = None
        if criterion.kind == Criterion.Kind.CRITERION:
            lost = criterion.max_points - (points or 0)
        elif criterion.kind == Criterion.Kind.PENALTY:
            lost = points or 0
        reason = latest_reason.get(criterion.pk, "")
        if entry:
            reason = entry.final_note or entry.cluster_note or reason
        lines.append(
            {
                "criterion": criterion,
                "entry": entry,
                "points": points,
                "average": averages.get(criterion.pk),
                "lost": lost,
                "reason": reason,
            }
        )
    trend = unit_trend(unit)
    return render(
        request,
        "emulation/unit_standing.html",
        {
            "unit": unit,
            "year": year,
            "sheet": sheet,
            "table": table,
            "row": row,
            "results": results,
            "sees_results": sees_results,
            "lines": lines,
            "lost_lines": [line for line in lines if line["lost"] and line["lost"] > 0],
            "trail": trail,
            "trend": trend,
            "trend_svg": trend_svg(trend),
            "other_sheets": ScoreSheet.objects.filter(unit__in=Unit.objects.lineage_of(unit))
            .select_related("table")
            .order_by("-table__year"),
        },
    )


def my_standing(request: HttpRequest) -> HttpResponse:
    """Shortcut from the menu: the signed-in user's unit, latest scored year."""
    if not request.user.unit_id:
        raise Http404
    sheet = (
        ScoreSheet.objects.filter(unit_id=request.user.unit_id)
        .select_related("table", "unit")
        .order_by("-table__year")
        .first()
    )
    year = sheet.table.year if sheet else timezone.localdate().year
    return redirect("emulation:unit_standing", unit_code=request.user.unit.code, year=year)
