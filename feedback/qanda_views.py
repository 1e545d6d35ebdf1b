from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import qanda_selectors, qanda_services, rules
from feedback.models import QandaSession, Question
from feedback.models.straight_talk import STRAIGHT_TALK_TITLE_MAX_LENGTH
from feedback.qanda_forms import (
    AnswerForm,
    CarryOverForm,
    QuestionForm,
    SessionEditForm,
    SessionForm,
    SummaryForm,
)
from feedback.straight_talk_selectors import raised_from
from feedback.straight_talk_views import raise_from
from portal import permissions
from portal.audiences import describe
from portal.forms import add_service_error


def _session_or_404(request, pk):
    session = get_object_or_404(QandaSession.objects.select_related("organiser__profile"), pk=pk)
    permissions.require(request.user, rules.QANDA_VIEW_SESSION, session)
    return session


def _question_or_404(pk):
    return get_object_or_404(Question.objects.select_related("session"), pk=pk)


def index(request):
    permissions.require(request.user, rules.QANDA_VIEW)
    user = request.user
    past = Paginator(
        qanda_selectors.session_list_for(user, upcoming=False), qanda_selectors.SESSIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    is_manager = permissions.can(user, rules.QANDA_MANAGE)
    return render(
        request,
        "feedback/qanda/index.html",
        {
            "upcoming": list(qanda_selectors.session_list_for(user, upcoming=True)),
            "page": past,
            "may_manage": is_manager,
            "waiting_count": qanda_selectors.qanda_waiting_for(user).count() if is_manager else 0,
        },
    )


def new_session(request):
    permissions.require(request.user, rules.QANDA_MANAGE)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = qanda_services.create_session(
                actor=request.user,
                title=data["title"],
                scheduled_at=data["scheduled_at"],
                panel=data["panel"],
                description=data["description"],
                sites=data["sites"],
                teams=data["teams"],
                roles=data["roles"],
                invitee_emails=data["invitees"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The Q&A is planned. Its audience can now send questions."))
            return redirect(session)
    return render(request, "feedback/qanda/session_form.html", {"form": form})


def edit_session(request, pk):
    session = _session_or_404(request, pk)
    permissions.require(request.user, rules.QANDA_MANAGE)
    form = SessionEditForm(
        request.POST or None,
        initial={
            "title": session.title,
            "scheduled_at": timezone.localtime(session.scheduled_at),
            "panel": session.panel,
            "description": session.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            qanda_services.update_session(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session is updated."))
            return redirect(session)
    return render(request, "feedback/qanda/session_edit.html", {"form": form, "session": session})


def _detail_context(request, session, question_form):
    user = request.user
    questions = list(qanda_selectors.questions_in(session, user))
    raised = raised_from(Question, [question.pk for question in questions])
    for question in questions:
        question.straight_talk = raised.get(question.pk, [])
    may_manage = permissions.can(user, rules.QANDA_MANAGE)
    held = session.scheduled_at <= timezone.now()
    return {
        "session": session,
        "audience": describe(session.audience),
        "invited_count": session.invitations.count() if session.invite_only else None,
        "questions": questions,
        "may_ask": permissions.can(user, rules.QANDA_ASK, session),
        "may_vote": qanda_selectors.is_taking_questions(session),
        "may_manage": may_manage,
        "held": held,
        "may_publish": held and may_manage and permissions.can(user, rules.QANDA_PUBLISH, session),
        "may_edit": may_manage and not session.is_published,
        # Carrying over is for what the session left unanswered, so only once it was held.
        "carry_targets": list(qanda_selectors.sessions_open_for_carry_over(session))
        if may_manage and held
        else [],
        "question_form": question_form,
        "may_raise": permissions.can(user, rules.RAISE_STRAIGHT_TALK),
    }


def session_detail(request, pk):
    session = _session_or_404(request, pk)
    return render(
        request, "feedback/qanda/session.html", _detail_context(request, session, QuestionForm())
    )


@require_POST
def ask(request, pk):
    session = _session_or_404(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = qanda_services.ask_question(
                actor=request.user,
                session=session,
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if question.is_anonymous:
                messages.success(
                    request,
                    _(
                        "Your anonymous question is in. It is stored without your name, so "
                        "nobody (you included) can link it back to you."
                    ),
                )
                # No #question-<id> in the address: the browser's history would keep it.
                return redirect(session)
            else:
                messages.success(
                    request, _("Your question is in. We will tell you when it is answered.")
                )
            return redirect(f"{session.get_absolute_url()}#question-{question.pk}")
    # The same page with what they typed kept and the problem shown next to it.
    return render(
        request,
        "feedback/qanda/session.html",
        _detail_context(request, session, form),
        status=400,
    )


@require_POST
def vote(request, pk):
    question = _question_or_404(pk)
    permissions.require(request.user, rules.QANDA_VIEW_SESSION, question.session)
    try:
        voted = qanda_services.toggle_vote(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:
            question = qanda_selectors.questions_in(question.session, request.user).get(
                pk=question.pk
            )
            return render(
                request,
                "feedback/qanda/session.html#vote",
                {"question": question, "may_vote": True},
            )
        messages.success(request, _("Upvoted.") if voted else _("Your upvote is taken back."))
    return redirect(question.get_absolute_url())


def answer(request, pk):
    question = _question_or_404(pk)
    permissions.require(request.user, rules.QANDA_ANSWER, question)
    held = question.session.scheduled_at <= timezone.now()
    if not held:
        messages.error(request, _("Answers are recorded once the session has started."))
        return redirect(question.get_absolute_url())
    form = AnswerForm(
        request.POST or None,
        initial={"answer": question.answer, "in_writing": held},
    )
    if request.method == "POST" and form.is_valid():
        try:
            qanda_services.answer_question(
                actor=request.user,
                question=question,
                answer=form.cleaned_data["answer"],
                in_writing=form.cleaned_data["in_writing"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The answer is saved and shown with the question."))
            return redirect(question.get_absolute_url())
    return render(request, "feedback/qanda/answer_form.html", {"question": question, "form": form})


@require_POST
def carry_over(request, pk):
    question = _question_or_404(pk)
    permissions.require(request.user, rules.QANDA_CARRY_OVER, question)
    form = CarryOverForm(
        request.POST, sessions=qanda_selectors.sessions_open_for_carry_over(question.session)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a later session that is still taking questions."))
        return redirect(question.get_absolute_url())
    try:
        moved = qanda_services.carry_over(
            actor=request.user, question=question, to_session=form.cleaned_data["to_session"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(question.get_absolute_url())
    messages.success(
        request,
        _("The question, with its upvotes, is carried over to “%(session)s”.")
        % {"session": moved.session.title},
    )
    return redirect(question.get_absolute_url())


@require_POST
def remove(request, pk):
    question = _question_or_404(pk)
    permissions.require(request.user, rules.QANDA_REMOVE, question)
    try:
        qanda_services.remove_question(
            actor=request.user, question=question, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question is removed; its place shows your reason."))
    return redirect(question.get_absolute_url())


def publish(request, pk):
    session = _session_or_404(request, pk)
    permissions.require(request.user, rules.QANDA_PUBLISH, session)
    form = SummaryForm(request.POST or None, initial={"summary": session.summary})
    if request.method == "POST" and form.is_valid():
        try:
            qanda_services.publish_summary(
                actor=request.user, session=session, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The summary is published. Everyone the session was for is notified.")
            )
            return redirect(session)
    questions = list(qanda_selectors.questions_in(session, request.user))
    return render(
        request,
        "feedback/qanda/publish.html",
        {
            "session": session,
            "form": form,
            "waiting": [q for q in questions if q.status == Question.Status.WAITING],
            "answered_count": sum(q.status == Question.Status.ANSWERED for q in questions),
        },
    )


def raise_from_question(request, pk):
    question = _question_or_404(pk)
    permissions.require(request.user, rules.QANDA_VIEW_SESSION, question.session)
    return raise_from(
        request,
        origin=question,
        # The question as written and nothing else: for an anonymous one there is
        # nothing else to give, and for a named one the asker did not ask for a stage.
        initial={
            "title": Truncator(question.body).chars(STRAIGHT_TALK_TITLE_MAX_LENGTH),
            "question": question.body,
        },
        back_url=question.get_absolute_url(),
        back_label=question.session.title,
        intro=_(
            "Put this question up for a straight answer. It links back to the Q&A; the "
            "person who asked is not named. Colleagues can add “me too”, and everyone "
            "who asked is told when you answer."
        ),
    )
