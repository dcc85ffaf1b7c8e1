"""HTTP glue for statistics, dashboards, the year-end report and the public
pages. Each view: access check → form → one service or selector call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.decisions.models import Decision, DecisionStatus, Escalation, EscalationStatus
from emulation.charts import trend_svg
from emulation.selectors import unit_trend
from units.permissions import visible_unit_ids
from units.ratelimit import over_limit

from . import selectors, services
from .charts import compare_bars_svg, table_chart_svg
from .documents import headline_sentence
from .forms import LookupForm, ReportCreateForm, ReportForm
from .models import ReportRender, YearReport
from .permissions import can_edit_reports, can_view_statistics, can_view_unit_dashboard
from .statistics import year_statistics

# Public look-up: at most this many searches per address per minute.
LOOKUP_RATE = 20


def _data_years() -> list[int]:
    """Years with issued decisions or recorded central decisions (two queries)."""
    years = set(
        Decision.objects.filter(status=DecisionStatus.ISSUED)
        .annotate(y=ExtractYear("decision_date"))
        .values_list("y", flat=True)
        .distinct()
    ) | set(
        Escalation.objects.filter(status=EscalationStatus.DECIDED)
        .annotate(y=ExtractYear("central_date"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted((y for y in years if y), reverse=True)


def _year(request: HttpRequest, years: list[int], year: int | None = None) -> int:
    if year is None:
        try:
            year = int(request.GET.get("nam", ""))
        except ValueError:
            year = None
    if year is None:
        year = years[0] if years else timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


# Statistics and dashboards -------------------------------------------------------------


def statistics(request: HttpRequest, year: int | None = None) -> HttpResponse:
    _require(can_view_statistics(request.user))
    years = _data_years()
    year = _year(request, years, year)
    stats = year_statistics(year)
    tables = [{"table": t, "chart": table_chart_svg(t) if t.chart else ""} for t in stats.tables]
    return render(
        request,
        "reports/statistics.html",
        {
            "stats": stats,
            "tables": tables,
            "years": sorted({*years, year}, reverse=True),
            "headline": headline_sentence(stats),
            "can_edit": can_edit_reports(request.user),
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_view_statistics(user):
        if can_view_unit_dashboard(user):
            return unit_dashboard(request)
        raise PermissionDenied
    years = _data_years()
    year = _year(request, years)
    stats = year_statistics(year)
    pipeline = selectors.pipeline_counts(year=year, user=user)
    overdue, overdue_count = selectors.overdue_verifications(user=user)
    pipeline_chart = compare_bars_svg(
        [p["label"] for p in pipeline],
        [(_("Hồ sơ năm %(year)s") % {"year": year}, [p["n"] for p in pipeline])],
        title=_("Hồ sơ đề nghị khen thưởng năm %(year)s theo trạng thái") % {"year": year},
        chart_id="chart-pipeline",
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "stats": stats,
            "money_total": stats.table("money").value("total"),
            "levels_chart": table_chart_svg(stats.table("levels")),
            "recipients_chart": table_chart_svg(stats.table("recipients")),
            "pipeline": pipeline,
            "pipeline_chart": pipeline_chart,
            "overdue": overdue,
            "overdue_count": overdue_count,
            "today": timezone.localdate(),
        },
    )


def unit_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(can_view_unit_dashboard(user))
    unit = user.unit
    year = _year(request, [timezone.localdate().year])
    ids = visible_unit_ids(user)
    unit_ids = list(ids) if ids is not None else [unit.pk]
    pipeline = selectors.pipeline_counts(year=year, user=user)
    overdue, overdue_count = selectors.overdue_verifications(user=user)
    return render(
        request,
        "reports/unit_dashboard.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, 2019, -1)),
            "pipeline": pipeline,
            "pipeline_total": sum(p["n"] for p in pipeline),
            "overdue": overdue,
            "overdue_count": overdue_count,
            "awards": selectors.unit_awards(unit_ids=unit_ids, year=year),
            "standings": selectors.unit_standings(unit=unit, years=[year, year - 1]),
            "trend_chart": trend_svg(unit_trend(unit)),
        },
    )


# Year-end report ---------------------------------------------------------------------------


def report_list(request: HttpRequest) -> HttpResponse:
    _require(can_view_statistics(request.user))
    can_edit = can_edit_reports(request.user)
    form = ReportCreateForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        _require(can_edit)
        if form.is_valid():
            report = services.report_get_or_create(
                year=form.cleaned_data["year"], actor=request.user
            )
            return redirect("reports:report_detail", year=report.year)
    reports = YearReport.objects.all().order_by("-year")
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports, "form": form, "can_edit": can_edit},
    )


def report_detail(request: HttpRequest, year: int) -> HttpResponse:
    _require(can_view_statistics(request.user))
    report = get_object_or_404(YearReport, year=year)
    can_edit = can_edit_reports(request.user)
    form = ReportForm(request.POST or None, instance=report)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        _require(can_edit)
        if form.is_valid():
            fresh = YearReport.objects.get(pk=report.pk)
            try:
                services.report_update(report=fresh, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
                return redirect("reports:report_detail", year=year)
    renders = list(report.renders.select_related("requested_by").order_by("-number"))
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "renders": renders,
            "active": next((r for r in renders if not r.is_finished()), None),
            "can_edit": can_edit,
        },
    )


@require_POST
def report_render(request: HttpRequest, year: int) -> HttpResponse:
    _require(can_edit_reports(request.user))
    report = get_object_or_404(YearReport, year=year)
    try:
        render_row = services.report_render_request(report=report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(
            request,
            _("Đã gửi yêu cầu kết xuất lần %(n)s. Tiến độ hiển thị bên dưới.")
            % {"n": render_row.number},
        )
    return redirect("reports:report_detail", year=year)


def _render_for(request: HttpRequest, pk: int) -> ReportRender:
    _require(can_view_statistics(request.user))
    return get_object_or_404(ReportRender.objects.select_related("report"), pk=pk)


def render_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment; htmx polls it until the job is finished."""
    render_row = _render_for(request, pk)
    return render(request, "reports/partials/render_status.html", {"r": render_row})


def render_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    render_row = _render_for(request, pk)
    field = {"pdf": render_row.pdf, "xlsx": render_row.xlsx}.get(fmt)
    if not field or render_row.status != ReportRender.Status.DONE:
        raise Http404
    name = f"bao-cao-tong-ket-{render_row.report.year}-lan-{render_row.number}.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


# Public pages (no sign-in) -------------------------------------------------------------------


@login_not_required
def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/public/home.html", {"form": LookupForm()})


@login_not_required
def public_decisions(request: HttpRequest) -> HttpResponse:
    years = selectors.published_decision_years()
    try:
        year = int(request.GET.get("nam", "")) if request.GET.get("nam") else None
    except ValueError:
        year = None
    page = Paginator(selectors.published_decisions(year=year), 25).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "reports/public/decision_list.html",
        {"page": page, "years": years, "year": year},
    )


@login_not_required
def public_decision(request: HttpRequest, uid) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.filter(status=DecisionStatus.ISSUED).only(
            "uid", "number", "decision_date", "title", "signer_name", "signer_capacity"
        ),
        uid=uid,
    )
    # Long annexes (a year-end decision lists well over a thousand names) by pages.
    page = Paginator(selectors.published_entries(decision), 200).get_page(request.GET.get("trang"))
    return render(
        request,
        "reports/public/decision_detail.html",
        {"decision": decision, "page": page, "annex": selectors.published_annex(page)},
    )


@login_not_required
def public_honour_roll(request: HttpRequest) -> HttpResponse:
    years = _data_years()
    year = _year(request, years)
    rows = selectors.honour_roll(year=year)
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "reports/public/honour_roll.html",
        {"page": page, "year": year, "years": sorted({*years, year}, reverse=True)},
    )


@login_not_required
def public_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    ctx: dict = {"form": form, "rows": None}
    status = 200
    if form.is_bound:
        if over_limit(request, scope="lookup", per_minute=LOOKUP_RATE):
            ctx["limited"] = True
            status = 429
        elif form.is_valid():
            ctx["rows"], ctx["more"] = selectors.award_lookup(form.cleaned_data["q"])
    return render(request, "reports/public/lookup.html", ctx, status=status)
