"""An ambassador's clinics in their member area: the proposals and where each
stands, the form to propose one, and to change one a coordinator sent back. Never
cached: every answer is private to the ambassador."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from allauth.account.decorators import verified_email_required

from core.memo import active_locale
from core.ratelimit import account_posts_limited
from members.models import Member

from . import clinics
from .forms import ClinicProposalForm
from .models import Ambassador, ClinicProposal


def ambassador_of(request: HttpRequest) -> Ambassador | None:
    member = Member.for_user(request.user, request.LANGUAGE_CODE)
    return Ambassador.objects.filter(member=member).select_related("member").first()


@never_cache
@verified_email_required
def mine(request: HttpRequest) -> HttpResponse:
    ambassador = ambassador_of(request)
    proposals = (
        ambassador.proposals.select_related("event").order_by("-submitted_at")
        if ambassador
        else []
    )
    return TemplateResponse(
        request,
        "participation/clinics.html",
        {"ambassador": ambassador, "proposals": proposals},
    )


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def propose(request: HttpRequest) -> HttpResponse:
    ambassador = ambassador_of(request)
    if ambassador is None:
        return redirect("clinics:mine")
    return proposal_form(request, ambassador, ClinicProposal(ambassador=ambassador))


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador = ambassador_of(request)
    proposal = get_object_or_404(
        ClinicProposal,
        pk=pk,
        ambassador=ambassador,
        status=ClinicProposal.Status.CHANGES,
    )
    return proposal_form(request, ambassador, proposal)


def proposal_form(
    request: HttpRequest, ambassador: Ambassador, proposal: ClinicProposal
) -> HttpResponse:
    again = proposal.pk is not None
    posted = request.method == "POST"
    form = ClinicProposalForm(
        request.POST if posted else None,
        instance=proposal,
        locale=active_locale(),
        time_zone=ambassador.member.time_zone,
    )
    # An invitation's link names the skill in demand.
    invited = request.GET.get("skill", "")
    if not again and invited in form.fields["skills"].known:
        form.initial["skills"] = [int(invited)]
    refused = None
    if not again:
        try:
            clinics.may_propose(ambassador)
        except clinics.Refused as why:
            refused = str(why)
    if posted and refused is None and form.is_valid():
        with transaction.atomic():
            clinics.submitted(form.save(), again=again)
        messages.success(
            request,
            _("Sent: a coordinator reads it and answers you by email."),
        )
        return redirect("clinics:mine")
    return TemplateResponse(
        request,
        "participation/clinic_form.html",
        {"form": form, "proposal": proposal, "again": again, "refused": refused},
    )
