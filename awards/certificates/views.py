"""HTTP glue for the certificate pages and the public verification page.
Each view: access helper → (form) → one service call → message + redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.decisions.models import Decision, DecisionStatus
from units.forms import flash_refusal
from units.ratelimit import over_limit

from . import selectors, services
from .forms import BlankOffsetForm
from .models import Blank, Certificate, CertificateStatus
from .permissions import (
    can_manage_certificates,
    can_view_all_certificates,
    certificate_filter,
    require_manage,
    require_view,
)


def _decision_for(request: HttpRequest, uid) -> Decision:
    """An issued decision with certificates the user may see; 404 otherwise."""
    require_view(request.user)
    decision = get_object_or_404(Decision.objects.issued(), uid=uid)
    if not can_view_all_certificates(request.user) and not (
        Certificate.objects.filter(certificate_filter(request.user), decision=decision).exists()
    ):
        raise Http404
    return decision


def _certificate_for(request: HttpRequest, code: str) -> Certificate:
    require_view(request.user)
    return get_object_or_404(
        Certificate.objects.filter(certificate_filter(request.user)).select_related(
            "entry", "decision"
        ),
        code=code,
    )


def decision_list(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    manage = can_manage_certificates(request.user)
    return render(
        request,
        "certificates/decision_list.html",
        {
            "decisions": selectors.decision_list(request.user)[:200],
            "unrendered": selectors.decisions_without_certificates()[:50] if manage else [],
            "can_manage": manage,
        },
    )


def _progress_context(decision: Decision, user) -> dict:
    job = selectors.latest_job(decision)
    return {
        "decision": decision,
        "job": job,
        "progress": selectors.job_progress(job) if job else None,
        "can_manage": can_manage_certificates(user),
        "can_download_all": can_view_all_certificates(user),
        "failures": list(
            Certificate.objects.filter(
                certificate_filter(user), decision=decision, status=CertificateStatus.FAILED
            ).select_related("entry")[:50]
        )
        if job and job.is_finished()
        else [],
    }


def decision_detail(request: HttpRequest, uid) -> HttpResponse:
    decision = _decision_for(request, uid)
    context = _progress_context(decision, request.user)
    context["certificates"] = list(selectors.certificate_list(decision, request.user))
    return render(request, "certificates/decision_detail.html", context)


def job_status(request: HttpRequest, uid) -> HttpResponse:
    """The progress fragment; htmx polls it every second until the job is finished."""
    decision = _decision_for(request, uid)
    context = _progress_context(decision, request.user)
    response = render(request, "certificates/partials/progress.html", context)
    job = context.get("job")
    if request.GET.get("dang-chay") and not (job and job.is_busy()):
        # The job finished while the page was open: reload it once so the
        # per-certificate list below the bar shows the final states too.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def job_request(request: HttpRequest, uid) -> HttpResponse:
    decision = _decision_for(request, uid)
    require_manage(request.user)
    try:
        services.render_job_request(decision=decision, actor=request.user)
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Đã bắt đầu kết xuất bằng của quyết định."))
    return redirect("certificates:decision_detail", uid=decision.uid)


DOWNLOADS = {
    "zip": ("zip_file", "application/zip", "bang-{n}.zip"),
    "in": ("print_file", "application/pdf", "bang-{n}-tep-in.pdf"),
    "phoi": ("blank_file", "application/pdf", "bang-{n}-in-tren-phoi.pdf"),
}


def job_download(request: HttpRequest, uid, kind: str) -> FileResponse:
    """The whole decision's bundles: for staff who see every unit (they hold every
    awardee's certificate)."""
    decision = _decision_for(request, uid)
    if kind not in DOWNLOADS:
        raise Http404
    if not can_view_all_certificates(request.user):
        raise PermissionDenied
    field_name, content_type, pattern = DOWNLOADS[kind]
    job = (
        decision.certificate_jobs.exclude(**{field_name: ""})
        .filter(status__in=["done", "failed"])
        .order_by("-created_at", "-pk")
        .first()
    )
    if job is None:
        raise Http404
    name = pattern.format(n=decision.number.replace("/", "-"))
    return FileResponse(
        getattr(job, field_name).open("rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )


@require_POST
def job_blank_request(request: HttpRequest, uid) -> HttpResponse:
    decision = _decision_for(request, uid)
    require_manage(request.user)
    job = selectors.latest_job(decision)
    if job is None:
        raise Http404
    try:
        services.job_blank_request(job=job, actor=request.user)
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("Đang tạo tệp in trên phôi với độ lệch hiện tại."))
    return redirect("certificates:decision_detail", uid=decision.uid)


def certificate_download(request: HttpRequest, code: str) -> FileResponse:
    certificate = _certificate_for(request, code)
    if not certificate.file or not default_storage.exists(certificate.file.name):
        raise Http404
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=services.download_name(certificate),
        content_type="application/pdf",
    )


@require_POST
def certificate_retry(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _certificate_for(request, code)
    require_manage(request.user)
    try:
        services.certificate_retry(certificate=certificate, actor=request.user)
    except ValidationError as exc:
        flash_refusal(request, exc)
    else:
        messages.success(
            request, _("Đang in lại bằng của %(name)s.") % {"name": certificate.entry.name}
        )
    return redirect("certificates:decision_detail", uid=certificate.decision.uid)


# Blanks ------------------------------------------------------------------------------------


def blank_list(request: HttpRequest) -> HttpResponse:
    require_manage(request.user)
    blanks = services.blanks_for_forms()
    return render(
        request,
        "certificates/blank_list.html",
        {"rows": [(b, BlankOffsetForm(instance=b, prefix=f"b{b.pk}")) for b in blanks]},
    )


@require_POST
def blank_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage(request.user)
    blank = get_object_or_404(Blank, pk=pk)
    form = BlankOffsetForm(request.POST, instance=Blank.objects.get(pk=pk), prefix=f"b{pk}")
    if form.is_valid():
        try:
            services.blank_update(
                blank=blank,
                actor=request.user,
                dx_mm=form.cleaned_data["dx_mm"],
                dy_mm=form.cleaned_data["dy_mm"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu độ lệch của phôi %(blank)s.") % {"blank": blank})
            return redirect("certificates:blank_list")
    rows = [
        (b, form if b.pk == blank.pk else BlankOffsetForm(instance=b, prefix=f"b{b.pk}"))
        for b in services.blanks_for_forms()
    ]
    return render(request, "certificates/blank_list.html", {"rows": rows}, status=400)


def blank_calibration_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One page with rulers and a cross at each field, to print on a blank and measure."""
    from awards import pdf

    require_manage(request.user)
    blank = get_object_or_404(Blank, pk=pk)
    data = pdf.render_calibration_page(
        services.blank_layout(blank), offset=services.blank_offset(blank)
    )
    response = HttpResponse(data, content_type="application/pdf")
    size = f"{float(blank.paper_width_mm):g}x{float(blank.paper_height_mm):g}"
    name = f"trang-can-chinh-{blank.form_kind}-{size}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# Public verification -----------------------------------------------------------------------


@login_not_required
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """What the certificate with ``code`` states and whether it stands — nothing more."""
    if over_limit(request, scope="verify", per_minute=settings.VINHDANH_VERIFY_RATE_PER_MINUTE):
        response = render(request, "certificates/verify_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    certificate = selectors.certificate_for_verification(code)
    if certificate is None:
        return render(request, "certificates/verify_not_found.html", status=404)
    entry = certificate.entry
    decision = entry.decision
    revoked = entry.revoked_at is not None or decision.status == DecisionStatus.REVOKED
    return render(
        request,
        "certificates/verify.html",
        {
            "name": entry.name,
            "award": services.PRINTED_NAMES.get(entry.award.code, entry.award.name),
            "decision_number": decision.number,
            "decision_date": decision.decision_date,
            "issuer": services.issuer_text(),
            "revoked": revoked,
            "specimen": certificate.specimen,
        },
    )
