"""HTTP glue for council sessions, ballots, decisions, escalations and prize money.
Each view: access helper → form → one service call → message + redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from awards.models import NominationItem
from units.forms import apply_service_errors, flash_refusal

from . import selectors, services
from .exports import decision_prize_xlsx, year_prize_xlsx
from .forms import (
    AgendaForm,
    BallotForm,
    CentralDecisionForm,
    DecisionForm,
    EntryForm,
    EscalationForm,
    MemberAddForm,
    MemberEditForm,
    MemberEndForm,
    PresenceForm,
    RevokeForm,
    SessionForm,
    WrittenOpinionForm,
)
from .models import (
    BallotReceipt,
    Council,
    CouncilMember,
    Decision,
    DecisionEntry,
    Escalation,
    SessionAttendance,
)
from .permissions import (
    can_manage_decisions,
    can_manage_sessions,
    can_view_decisions,
    can_view_sessions,
    get_decision_for_user,
    get_escalation_for_user,
    get_session_for_user,
    seat_of,
)
from .workflow import (
    DECISION_TRANSITIONS,
    ESCALATION_TRANSITIONS,
    SESSION_TRANSITIONS,
    InvalidTransition,
    available_actions,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Council and sessions -------------------------------------------------------------


def council_home(request: HttpRequest) -> HttpResponse:
    if not can_view_sessions(request.user):
        raise Http404
    council = Council.objects.first()
    today = timezone.localdate()
    show_former = request.GET.get("cu") == "1"
    members, former = [], []
    if council:
        seats = council.members.select_related("user").order_by("position", "pk")
        # Serving today, plus seats added from a later day (shown with their
        # start date) so a manager sees the member they just added.
        members = seats.current_or_upcoming(today)
        if show_former:
            former = seats.filter(valid_to__lt=today).order_by("-valid_to", "position")
    return render(
        request,
        "decisions/council.html",
        {
            "council": council,
            "members": members,
            "former": former,
            "show_former": show_former,
            "today": today,
            "sessions": selectors.session_list(request.user),
            "can_manage": can_manage_sessions(request.user),
        },
    )


def _council_for_manager(request: HttpRequest) -> Council:
    """The council whose sessions and membership ``request.user`` manages; 403 for
    anyone who does not manage sessions (council members included)."""
    if not can_manage_sessions(request.user):
        raise PermissionDenied
    council = Council.objects.first()
    if council is None:
        raise Http404
    return council


def _serving_member(request: HttpRequest, pk: int) -> CouncilMember:
    council = _council_for_manager(request)
    return get_object_or_404(
        council.members.select_related("user", "council").current_or_upcoming(timezone.localdate()),
        pk=pk,
    )


def member_add(request: HttpRequest) -> HttpResponse:
    council = _council_for_manager(request)
    form = MemberAddForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(council=council, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã thêm %(name)s vào Hội đồng.") % {"name": member.user.get_full_name()},
            )
            return redirect("decisions:council")
    return render(request, "decisions/member_form.html", {"form": form, "council": council})


def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _serving_member(request, pk)
    form = MemberEditForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin thành viên."))
            return redirect("decisions:council")
    return render(request, "decisions/member_form.html", {"form": form, "member": member})


def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = _serving_member(request, pk)
    form = MemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_end(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã kết thúc tham gia Hội đồng của %(name)s.")
                % {"name": member.user.get_full_name()},
            )
            return redirect("decisions:council")
    return render(request, "decisions/member_end.html", {"form": form, "member": member})


def session_create(request: HttpRequest) -> HttpResponse:
    council = _council_for_manager(request)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                council=council, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo phiên họp. Hãy lập chương trình."))
            return redirect("decisions:agenda", uid=session.uid)
    return render(request, "decisions/session_form.html", {"form": form})


def session_detail(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid)
    seat = seat_of(request.user, session)
    context = {
        "session": session,
        "groups": selectors.agenda_by_award(session),
        "actions": available_actions(SESSION_TRANSITIONS, session, request.user),
        "can_manage": can_manage_sessions(request.user, session),
        "can_decide": can_manage_decisions(request.user),
        "seat": seat,
        "has_voted": bool(seat)
        and BallotReceipt.objects.filter(session=session, member=seat).exists(),
        "is_present": bool(seat)
        and SessionAttendance.objects.filter(session=session, member=seat).exists(),
        "receipt_count": session.receipts.count(),
    }
    if context["can_manage"] or request.user.sees_everything:
        context["members"] = selectors.members_with_receipts(session)
    if session.is_closed():
        context["decisions"] = session.decisions.all()
        context["pending_provincial"] = services.approved_items(session, central=False).count()
        context["pending_central"] = services.approved_items(session, central=True).count()
    return render(request, "decisions/session_detail.html", context)


def agenda_edit(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    candidates = services.agenda_candidates(session)
    form = AgendaForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        items = NominationItem.objects.filter(pk__in=form.cleaned_data["items"])
        try:
            added = services.agenda_add(session=session, nomination_items=items, actor=request.user)
        except (ValidationError, InvalidTransition) as exc:
            flash_refusal(request, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Đã đưa %(n)s trường hợp vào chương trình.",
                    "Đã đưa %(n)s trường hợp vào chương trình.",
                    len(added),
                )
                % {"n": len(added)},
            )
            return redirect("decisions:session_detail", uid=session.uid)
    grouped: dict = {}
    for item, rule in candidates:
        grouped.setdefault(item.award, []).append((item, rule))
    return render(
        request,
        "decisions/agenda_form.html",
        {"session": session, "form": form, "grouped": grouped},
    )


@require_POST
def agenda_remove(request: HttpRequest, uid, item_uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    item = get_object_or_404(session.agenda, uid=item_uid)
    try:
        services.agenda_remove(session=session, agenda_item=item, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Đã bỏ nội dung khỏi chương trình."))
    return redirect("decisions:session_detail", uid=session.uid)


def session_open(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    members = services.body_members(session).order_by("position", "pk")
    form = PresenceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_open(
                session=session, present=form.cleaned_data["present"], actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
            return redirect("decisions:session_detail", uid=session.uid)
        else:
            messages.success(
                request, _("Đã mở bỏ phiếu. Thành viên có mặt bỏ phiếu trên tài khoản của mình.")
            )
            return redirect("decisions:session_detail", uid=session.uid)
    return render(request, "decisions/session_open.html", {"session": session, "form": form})


@require_POST
def session_mark_present(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    member = get_object_or_404(CouncilMember, pk=request.POST.get("member"))
    try:
        services.session_mark_present(session=session, member=member, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(
            request, _("Đã ghi nhận %(name)s có mặt.") % {"name": member.user.get_full_name()}
        )
    return redirect("decisions:session_detail", uid=session.uid)


def ballot(request: HttpRequest, uid) -> HttpResponse:
    """A member's own secret ballot. Nothing here ever shows what was chosen."""
    session = get_session_for_user(request, uid)
    seat = seat_of(request.user, session)
    if seat is None:
        raise PermissionDenied
    agenda = list(
        session.agenda.select_related(
            "award",
            "nomination_item__person__unit",
            "nomination_item__unit",
            "nomination_item__household",
        )
    )
    form = BallotForm(request.POST or None, agenda=agenda)
    if request.method == "POST":
        form.is_valid()  # puts a message next to each unanswered question
        try:
            services.ballot_cast(session=session, user=request.user, choices=form.raw_choices())
        except (ValidationError, InvalidTransition) as exc:
            flash_refusal(request, exc)
            if isinstance(exc, InvalidTransition):
                return redirect("decisions:session_detail", uid=session.uid)
        else:
            messages.success(
                request, _("Phiếu của bạn đã được ghi nhận. Không ai xem được bạn đã chọn gì.")
            )
            return redirect("decisions:session_detail", uid=session.uid)
    voted = BallotReceipt.objects.filter(session=session, member=seat).exists()
    return render(
        request,
        "decisions/ballot_form.html",
        {"session": session, "form": form, "agenda": agenda, "voted": voted},
    )


def written_opinion(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    agenda = list(
        session.agenda.select_related(
            "award",
            "nomination_item__person",
            "nomination_item__unit",
            "nomination_item__household",
        )
    )
    absent = (
        services.body_members(session)
        .exclude(pk__in=session.attendance.values("member_id"))
        .exclude(pk__in=session.receipts.values("member_id"))
        .order_by("position")
    )
    form = WrittenOpinionForm(request.POST or None, absent=absent, agenda=agenda)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_record_written(
                session=session,
                member=form.cleaned_data["member"],
                choices=form.choices(),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
            return redirect("decisions:session_detail", uid=session.uid)
        else:
            messages.success(request, _("Đã ghi nhận ý kiến bằng văn bản."))
            return redirect("decisions:session_detail", uid=session.uid)
    return render(
        request, "decisions/written_form.html", {"session": session, "form": form, "agenda": agenda}
    )


@require_POST
def session_close(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    try:
        services.session_close(session=session, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(
            request, _("Đã kết thúc bỏ phiếu và kiểm phiếu. Biên bản kiểm phiếu đang được tạo.")
        )
    return redirect("decisions:session_detail", uid=session.uid)


@require_POST
def session_cancel(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid, manage=True)
    try:
        services.session_cancel(session=session, actor=request.user)
    except InvalidTransition as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Đã hủy phiên họp."))
    return redirect("decisions:session_detail", uid=session.uid)


def session_minutes(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid)
    if not session.minutes_pdf:
        messages.info(request, _("Biên bản kiểm phiếu đang được tạo; hãy thử lại sau ít phút."))
        return redirect("decisions:session_detail", uid=session.uid)
    return FileResponse(
        session.minutes_pdf.open("rb"),
        filename=f"bien-ban-kiem-phieu-{session.meeting_date:%Y-%m-%d}.pdf",
        content_type="application/pdf",
        as_attachment=True,
    )


@require_POST
def decision_generate(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid)
    if not can_manage_decisions(request.user):
        raise PermissionDenied
    try:
        decision = services.decision_generate(session=session, actor=request.user)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return redirect("decisions:session_detail", uid=session.uid)
    messages.success(request, _("Đã lập dự thảo quyết định từ các trường hợp được thông qua."))
    return redirect("decisions:decision_detail", uid=decision.uid)


@require_POST
def escalation_generate(request: HttpRequest, uid) -> HttpResponse:
    session = get_session_for_user(request, uid)
    if not can_manage_decisions(request.user):
        raise PermissionDenied
    try:
        escalation = services.escalation_generate(session=session, actor=request.user)
    except ValidationError as exc:
        flash_refusal(request, exc)
        return redirect("decisions:session_detail", uid=session.uid)
    messages.success(request, _("Đã lập hồ sơ trình Trung ương."))
    return redirect("decisions:escalation_detail", uid=escalation.uid)


# Decisions -------------------------------------------------------------------------


def decision_list(request: HttpRequest) -> HttpResponse:
    if not can_view_decisions(request.user):
        raise Http404
    decisions = (
        Decision.objects.all() if can_manage_decisions(request.user) else Decision.objects.issued()
    )
    decisions = decisions.with_counts().order_by("-decision_date", "-pk")
    return render(
        request,
        "decisions/decision_list.html",
        {"decisions": decisions, "can_manage": can_manage_decisions(request.user)},
    )


def decision_detail(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid)
    entries = list(decision.entries.select_related("award").annex_order())
    from .documents import annex_blocks

    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "annex": annex_blocks(entries),
            "entries": entries,
            "totals": selectors.decision_totals(decision),
            "actions": available_actions(DECISION_TRANSITIONS, decision, request.user),
            "can_manage": can_manage_decisions(request.user),
        },
    )


def decision_edit(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    if not decision.is_draft():
        messages.error(request, _("Quyết định đã ban hành; không thể sửa."))
        return redirect("decisions:decision_detail", uid=decision.uid)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        fresh = Decision.objects.get(pk=decision.pk)
        try:
            services.decision_update(decision=fresh, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
            return redirect("decisions:decision_detail", uid=decision.uid)
        else:
            messages.success(request, _("Đã lưu dự thảo quyết định."))
            return redirect("decisions:decision_detail", uid=decision.uid)
    return render(request, "decisions/decision_form.html", {"decision": decision, "form": form})


def entry_edit(request: HttpRequest, uid, entry_uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    entry = get_object_or_404(decision.entries.select_related("award"), uid=entry_uid)
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        fresh = DecisionEntry.objects.select_related("decision").get(pk=entry.pk)
        try:
            services.decision_entry_update(entry=fresh, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
            return redirect("decisions:decision_detail", uid=decision.uid)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("decisions:decision_detail", uid=decision.uid)
    return render(
        request, "decisions/entry_form.html", {"decision": decision, "entry": entry, "form": form}
    )


@require_POST
def entry_remove(request: HttpRequest, uid, entry_uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    entry = get_object_or_404(decision.entries, uid=entry_uid)
    try:
        services.decision_entry_remove(entry=entry, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi dự thảo.") % {"name": entry.name})
    return redirect("decisions:decision_detail", uid=decision.uid)


@require_POST
def decision_issue(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    try:
        decision = services.decision_issue(decision=decision, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(
            request,
            _(
                "Đã ban hành Quyết định số %(number)s: số sổ vàng và số hiệu bằng đã được "
                "cấp; tệp PDF đang được tạo."
            )
            % {"number": decision.number},
        )
    return redirect("decisions:decision_detail", uid=decision.uid)


@require_POST
def decision_delete(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    try:
        services.decision_delete(decision=decision, actor=request.user)
    except InvalidTransition as exc:
        flash_refusal(request, exc)
        return redirect("decisions:decision_detail", uid=decision.uid)
    messages.success(request, _("Đã xóa dự thảo."))
    return redirect("decisions:decision_list")


def decision_revoke(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    form = RevokeForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        entries = form.cleaned_data["entries"] or None
        try:
            services.decision_revoke(
                decision=decision,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                entries=entries,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
            return redirect("decisions:decision_detail", uid=decision.uid)
        else:
            messages.success(request, _("Đã thu hồi; lịch sử khen thưởng và thống kê đã cập nhật."))
            return redirect("decisions:decision_detail", uid=decision.uid)
    return render(request, "decisions/revoke_form.html", {"decision": decision, "form": form})


def decision_pdf(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid)
    if not decision.pdf:
        messages.info(request, _("Tệp PDF của quyết định đang được tạo; hãy thử lại sau ít phút."))
        return redirect("decisions:decision_detail", uid=decision.uid)
    name = (decision.number or "du-thao").replace("/", "-")
    return FileResponse(
        decision.pdf.open("rb"),
        filename=f"quyet-dinh-{name}.pdf",
        content_type="application/pdf",
        as_attachment=True,
    )


def decision_prize_export(request: HttpRequest, uid) -> HttpResponse:
    decision = get_decision_for_user(request, uid, write=True)
    name = (decision.number or "du-thao").replace("/", "-")
    return _xlsx(decision_prize_xlsx(decision), f"tien-thuong-{name}.xlsx")


def prize_totals(request: HttpRequest) -> HttpResponse:
    if not can_manage_decisions(request.user):
        raise Http404
    return render(
        request, "decisions/prize_totals.html", {"years": selectors.prize_totals_by_year()}
    )


def prize_year_export(request: HttpRequest, year: int) -> HttpResponse:
    if not can_manage_decisions(request.user):
        raise Http404
    decisions = list(selectors.decisions_of_year(year))
    return _xlsx(year_prize_xlsx(year, decisions), f"tien-thuong-nam-{year}.xlsx")


# Escalations -----------------------------------------------------------------------


def escalation_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_decisions(request.user):
        raise Http404
    escalations = Escalation.objects.all().order_by("-award_year", "-pk")
    return render(request, "decisions/escalation_list.html", {"escalations": escalations})


def escalation_detail(request: HttpRequest, uid) -> HttpResponse:
    escalation = get_escalation_for_user(request, uid, write=True)
    form = EscalationForm(request.POST or None, instance=escalation)
    if request.method == "POST" and form.is_valid():
        fresh = Escalation.objects.get(pk=escalation.pk)
        try:
            services.escalation_update(escalation=fresh, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Đã lưu tờ trình."))
            return redirect("decisions:escalation_detail", uid=escalation.uid)
    return render(
        request,
        "decisions/escalation_detail.html",
        {
            "escalation": escalation,
            "entries": escalation.entries.select_related("award"),
            "form": form,
            "actions": available_actions(ESCALATION_TRANSITIONS, escalation, request.user),
        },
    )


@require_POST
def escalation_submit(request: HttpRequest, uid) -> HttpResponse:
    escalation = get_escalation_for_user(request, uid, write=True)
    try:
        services.escalation_submit(escalation=escalation, actor=request.user)
    except (ValidationError, InvalidTransition) as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận hồ sơ đã trình Trung ương."))
    return redirect("decisions:escalation_detail", uid=escalation.uid)


def escalation_package(request: HttpRequest, uid) -> HttpResponse:
    escalation = get_escalation_for_user(request, uid, write=True)
    response = HttpResponse(services.escalation_package(escalation), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="ho-so-trinh-{escalation.award_year}.zip"'
    )
    return response


def escalation_record(request: HttpRequest, uid) -> HttpResponse:
    escalation = get_escalation_for_user(request, uid, write=True)
    form = CentralDecisionForm(request.POST or None, escalation=escalation)
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_record_decision(
                escalation=escalation,
                actor=request.user,
                number=form.cleaned_data["number"],
                decision_date=form.cleaned_data["decision_date"],
                level=form.cleaned_data["level"],
                accepted=form.cleaned_data["accepted"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except InvalidTransition as exc:
            flash_refusal(request, exc)
            return redirect("decisions:escalation_detail", uid=escalation.uid)
        else:
            messages.success(
                request, _("Đã ghi nhận quyết định của Trung ương vào lịch sử khen thưởng.")
            )
            return redirect("decisions:escalation_detail", uid=escalation.uid)
    return render(
        request, "decisions/escalation_record.html", {"escalation": escalation, "form": form}
    )
