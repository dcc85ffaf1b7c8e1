"""HTTP glue for the home page, units and clusters. Each view: access helper →
form → one service call → message + redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import services
from .filters import UnitFilter
from .forms import (
    ClusterForm,
    CopyYearForm,
    LeadershipForm,
    MembershipAddForm,
    ReorganisationForm,
    UnitForm,
    apply_service_errors,
)
from .models import Cluster, ClusterMembership, Notification, Role, Unit, UnitLineage, User
from .permissions import can_manage_units, get_unit_for_user, visible_unit_ids

PAGE_SIZE = 25


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_units(request.user):
        raise PermissionDenied


def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    year = timezone.localdate().year
    ctx: dict = {"year": year, "role_labels": user.role_labels()}
    if user.sees_everything:
        ctx["unit_counts"] = (
            Unit.objects.active_on(timezone.localdate())
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("kind")
        )
        kinds = dict(Unit.Kind.choices)
        for row in ctx["unit_counts"]:
            row["label"] = kinds.get(row["kind"], row["kind"])
        ctx["cluster_count"] = (
            ClusterMembership.objects.filter(year=year).values("cluster").distinct().count()
        )
        # Clusters group the province's direct units; subordinate units
        # (schools, offices of a department) are never members themselves.
        ctx["unplaced_count"] = (
            Unit.objects.active_on(timezone.localdate())
            .filter(Q(parent__isnull=True) | Q(parent__kind=Unit.Kind.PROVINCE))
            .exclude(kind=Unit.Kind.PROVINCE)
            .exclude(memberships__year=year)
            .count()
        )
    if user.unit_id:
        ctx["own_unit"] = user.unit
        if not user.unit.is_active:
            ctx["own_successors"] = Unit.objects.filter(predecessor_edges__predecessor=user.unit)
        ctx["own_membership"] = (
            ClusterMembership.objects.filter(unit_id=user.unit_id, year=year)
            .select_related("cluster")
            .first()
        )
        if ctx["own_membership"]:
            ctx["cluster_leaders"] = (
                ClusterMembership.objects.filter(cluster=ctx["own_membership"].cluster, year=year)
                .exclude(role=ClusterMembership.Role.MEMBER)
                .select_related("unit")
                .by_role()
            )
        ctx["sub_units"] = Unit.objects.filter(parent_id=user.unit_id).active_on(
            timezone.localdate()
        )[:10]
    ctx["notifications"] = Notification.objects.filter(user=user).unread()[:5]
    ctx["is_council"] = user.has_role(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)
    ctx["is_secretary"] = user.has_role(Role.COUNCIL_SECRETARY)
    ctx["is_admin"] = user.is_superuser or user.has_role(Role.ADMINISTRATOR)
    ctx["is_provincial"] = user.sees_everything
    return render(request, "units/home.html", ctx)


def unit_list(request: HttpRequest) -> HttpResponse:
    base = Unit.objects.select_related("parent").order_by("search_text")
    unit_filter = UnitFilter(request.GET or None, queryset=base)
    qs = unit_filter.qs if unit_filter.is_bound else base
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "units/partials/unit_table.html" if request.htmx else "units/unit_list.html"
    return render(
        request,
        template,
        {
            "filter": unit_filter,
            "page": page,
            "querystring": query.urlencode(),
            "can_manage": can_manage_units(request.user),
        },
    )


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    ids = visible_unit_ids(request.user)
    edges = UnitLineage.objects.select_related("reorganisation")
    ctx = {
        "unit": unit,
        "predecessor_edges": edges.filter(successor=unit).select_related("predecessor"),
        "successor_edges": edges.filter(predecessor=unit).select_related("successor"),
        "all_predecessors": Unit.objects.filter(successor_paths__unit=unit).order_by(
            "successor_paths__depth", "name"
        ),
        "children": unit.children.order_by("search_text"),
        "memberships": unit.memberships.select_related("cluster").order_by("-year"),
        "can_see_private": ids is None or unit.pk in ids,
        "can_manage": can_manage_units(request.user),
    }
    return render(request, "units/unit_detail.html", ctx)


def unit_staff(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's accounts: private to the unit (and those above it)."""
    unit = get_unit_for_user(request, code)
    staff = unit.staff.prefetch_related("groups").order_by("full_name", "username")
    return render(request, "units/unit_staff.html", {"unit": unit, "staff": staff})


def unit_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm đơn vị “{unit.name}”.")
            return redirect("units:detail", code=unit.code)
    return render(request, "units/unit_form.html", {"form": form, "title": "Thêm đơn vị"})


def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request, code, write=True)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        fresh = Unit.objects.get(pk=unit.pk)
        try:
            services.unit_update(unit=fresh, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin đơn vị.")
            return redirect("units:detail", code=fresh.code)
    return render(
        request, "units/unit_form.html", {"form": form, "title": f"Sửa: {unit.name}", "unit": unit}
    )


def unit_reorganise(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = ReorganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new_unit = None
            if data.get("new_name"):
                new_unit = {
                    "name": data["new_name"],
                    "code": data["new_code"],
                    "kind": data["new_kind"],
                    "parent": data.get("new_parent"),
                }
            reorg = services.unit_reorganise(
                kind=data["kind"],
                effective_date=data["effective_date"],
                predecessors=list(data["predecessors"]),
                successors=list(data["successors"]),
                new_unit=new_unit,
                actor=request.user,
                legal_basis=data.get("legal_basis", ""),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận: {reorg}.")
            return redirect("units:list")
    return render(request, "units/reorganise_form.html", {"form": form})


# Clusters ---------------------------------------------------------------------


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def cluster_list(request: HttpRequest) -> HttpResponse:
    year = _year_from(request)
    members = ClusterMembership.objects.filter(year=year).select_related("unit").by_role()
    clusters = (
        Cluster.objects.filter(memberships__year=year)
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="year_members"))
        .order_by("-kind", "name")  # clusters (by area) before blocks (by sector)
    )
    years = ClusterMembership.objects.values_list("year", flat=True).distinct().order_by("-year")
    return render(
        request,
        "units/cluster_list.html",
        {
            "year": year,
            "years": list(years),
            "clusters": clusters,
            "copy_form": CopyYearForm(initial={"from_year": year - 1, "to_year": year}),
            "can_manage": can_manage_units(request.user),
            "empty_clusters": Cluster.objects.filter(is_active=True)
            .exclude(memberships__year=year)
            .order_by("search_text"),
        },
    )


def cluster_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    cluster = get_object_or_404(Cluster, code=code)
    return _render_cluster(request, cluster, year)


def _render_cluster(request, cluster, year, *, add_form=None, lead_form=None, status=200):
    members = (
        ClusterMembership.objects.filter(cluster=cluster, year=year)
        .select_related("unit")
        .by_role()
    )
    head = next((m for m in members if m.role == "head"), None)
    deputy = next((m for m in members if m.role == "deputy"), None)
    can_manage = can_manage_units(request.user)
    ctx = {
        "cluster": cluster,
        "year": year,
        "members": members,
        "can_manage": can_manage,
        "other_years": ClusterMembership.objects.filter(cluster=cluster)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year"),
    }
    if can_manage:
        ctx["add_form"] = add_form or MembershipAddForm(year=year)
        ctx["lead_form"] = lead_form or LeadershipForm(
            cluster=cluster,
            year=year,
            initial={"head": head and head.unit_id, "deputy": deputy and deputy.unit_id},
        )
    return render(request, "units/cluster_detail.html", ctx, status=status)


@require_POST
def membership_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    _require_manager(request)
    cluster = get_object_or_404(Cluster, code=code)
    form = MembershipAddForm(request.POST, year=year)
    if form.is_valid():
        try:
            m = services.membership_add(
                cluster=cluster,
                unit=form.cleaned_data["unit"],
                year=year,
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm {m.unit.name} vào {cluster.name} năm {year}.")
            return redirect("units:cluster_detail", code=code, year=year)
    return _render_cluster(request, cluster, year, add_form=form, status=400)


@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    membership = get_object_or_404(
        ClusterMembership.objects.select_related("cluster", "unit"), pk=pk
    )
    services.membership_remove(membership=membership, actor=request.user)
    messages.success(request, f"Đã đưa {membership.unit.name} ra khỏi {membership.cluster.name}.")
    return redirect("units:cluster_detail", code=membership.cluster.code, year=membership.year)


@require_POST
def leadership_rotate(request: HttpRequest, code: str, year: int) -> HttpResponse:
    _require_manager(request)
    cluster = get_object_or_404(Cluster, code=code)
    form = LeadershipForm(request.POST, cluster=cluster, year=year)
    if form.is_valid():
        try:
            services.cluster_rotate_leadership(
                cluster=cluster,
                year=year,
                head=form.cleaned_data["head"],
                deputy=form.cleaned_data["deputy"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã cập nhật cụm/khối trưởng và cụm/khối phó.")
            return redirect("units:cluster_detail", code=code, year=year)
    return _render_cluster(request, cluster, year, lead_form=form, status=400)


@require_POST
def memberships_copy(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CopyYearForm(request.POST)
    if form.is_valid():
        try:
            result = services.memberships_copy_year(
                from_year=form.cleaned_data["from_year"],
                to_year=form.cleaned_data["to_year"],
                actor=request.user,
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(
                request,
                f"Đã sao chép {result.copied} thành viên; {result.skipped_existing} đã có sẵn; "
                f"{result.replaced_by_successor} thay bằng đơn vị kế thừa; "
                f"{result.dropped_inactive} không còn hoạt động.",
            )
        to_year = form.cleaned_data["to_year"]
        return redirect(f"{reverse('units:cluster_list')}?nam={to_year}")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("units:cluster_list")


def cluster_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cluster = services.cluster_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Đã thêm “{cluster.name}”.")
        year = timezone.localdate().year
        return redirect("units:cluster_detail", code=cluster.code, year=year)
    return render(request, "units/cluster_form.html", {"form": form, "title": "Thêm cụm, khối"})


def cluster_edit(request: HttpRequest, code: str) -> HttpResponse:
    _require_manager(request)
    cluster = get_object_or_404(Cluster, code=code)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        fresh = Cluster.objects.get(pk=cluster.pk)
        services.cluster_update(cluster=fresh, actor=request.user, **form.cleaned_data)
        messages.success(request, "Đã lưu.")
        return redirect("units:cluster_detail", code=fresh.code, year=timezone.localdate().year)
    return render(
        request, "units/cluster_form.html", {"form": form, "title": f"Sửa: {cluster.name}"}
    )


def unit_search_options(request: HttpRequest) -> HttpResponse:
    """htmx helper: <option> list of units matching ?q= (used by look-up fields)."""
    q = request.GET.get("q", "")
    units = Unit.objects.search(q).order_by("search_text")[:20] if q else Unit.objects.none()
    return render(
        request, "units/partials/unit_options.html", {"units": units, "has_query": bool(q.strip())}
    )


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the deployment's health check: the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def notification_list(request: HttpRequest) -> HttpResponse:
    notices = Notification.objects.filter(user=request.user)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "units/notification_list.html", {"page": page})


@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("id") or None
    services.notification_mark_read(
        user=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] if ids else None
    )
    return redirect(request.POST.get("next") or "units:notifications")
