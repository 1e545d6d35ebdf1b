from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import knowledge_selectors as selectors
from feedback import knowledge_services as services
from feedback import rules
from feedback.knowledge_forms import (
    ArticleForm,
    CategoryForm,
    FlagForm,
    KnowledgeSearchForm,
    ReplyForm,
)
from feedback.models import Article, ArticleCategory, ArticleFlag, FlagKind
from portal import permissions
from portal.audiences import describe
from portal.forms import add_service_error

ARTICLES_PER_PAGE = 25
QUEUE_PER_PAGE = 20


def _render_fragment(request, template, fragment, context):
    if request.htmx and not request.htmx.history_restore_request:
        template += f"#{fragment}"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _article_or_404(user, pk):
    try:
        return selectors.article_for(user, pk)
    except Article.DoesNotExist:
        raise Http404 from None


def article_list(request):
    permissions.require(request.user, rules.VIEW_KNOWLEDGE)
    form = KnowledgeSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    categories = list(selectors.categories())
    category = None
    if category_id := request.GET.get("category"):
        category = next((c for c in categories if str(c.pk) == category_id), None)
        if category is None:
            raise Http404
    attention_only = request.GET.get("attention") == "1"
    found = None
    if query:
        found = selectors.search_articles(
            request.user, query, category=category, attention_only=attention_only
        )
        articles = found.results
    else:
        articles = selectors.article_list(
            request.user, category=category, attention_only=attention_only
        )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    if found is not None:
        found.add_snippets(page.object_list)
    filters = {
        key: value
        for key, value in (
            ("q", query),
            ("category", category.pk if category else ""),
            ("attention", "1" if attention_only else ""),
        )
        if value
    }
    return _render_fragment(
        request,
        "feedback/knowledge/list.html",
        "results",
        {
            "form": form,
            "query": query,
            "page": page,
            "categories": categories,
            "category": category,
            "attention_only": attention_only,
            "searching": bool(query),
            "filters_query": urlencode(filters),
            "may_write": permissions.can(request.user, rules.WRITE_ARTICLE),
            "may_manage_categories": permissions.can(request.user, rules.MANAGE_CATEGORIES),
        },
    )


def _my_open_flag(user, article):
    """The person's own unanswered flag on the article (from the prefetched open flags)."""
    return next(
        (f for f in article.open_flags if f.raised_by_id == user.pk and not f.is_question), None
    )


def article_detail(request, pk):
    article = _article_or_404(request.user, pk)
    may_answer = permissions.can(request.user, rules.EDIT_ARTICLE, article)
    my_open_flag = _my_open_flag(request.user, article)
    return render(
        request,
        "feedback/knowledge/article.html",
        {
            "article": article,
            "audience": describe(article.audience) if article.audience_id else None,
            "history": selectors.article_history(article) if may_answer else [],
            "may_edit": may_answer,
            "may_answer": may_answer,
            "may_verify": permissions.can(request.user, rules.VERIFY_ARTICLE, article),
            "may_flag": permissions.can(request.user, rules.FLAG_ARTICLE, article),
            "my_open_flag": my_open_flag,
            "flag_form": FlagForm(question_only=my_open_flag is not None),
            "reply_form": ReplyForm(),
        },
    )


def _audience_initial(article):
    audience = article.audience
    if audience is None:
        return {}
    return {
        "sites": list(audience.sites.all()),
        "teams": list(audience.teams.all()),
        "roles": [r.role for r in audience.roles.all()],
    }


def article_new(request):
    permissions.require(
        request.user,
        rules.WRITE_ARTICLE,
        message=_("Managers, administrators and departments write knowledge articles."),
    )
    may_reassign = permissions.can(request.user, rules.REASSIGN_ARTICLE)
    form = ArticleForm(request.POST or None, may_reassign=may_reassign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.create_article(
                actor=request.user,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                owner=data.get("owner_email"),
                review_by=data["review_by"],
                sites=data["sites"],
                teams=data["teams"],
                roles=data["roles"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The article is published."))
            return redirect(article)
    return render(
        request,
        "feedback/knowledge/article_form.html",
        {"form": form, "article": None, "has_categories": ArticleCategory.objects.exists()},
    )


def article_edit(request, pk):
    article = _article_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.EDIT_ARTICLE,
        article,
        message=_("Only the article's owner, managers and administrators edit it."),
    )
    may_reassign = permissions.can(request.user, rules.REASSIGN_ARTICLE, article)
    initial = {
        "title": article.title,
        "body": article.body,
        "category": article.category,
        "review_by": article.review_by,
        **_audience_initial(article),
    }
    form = ArticleForm(
        request.POST or None, initial=initial, may_reassign=may_reassign, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_article(
                actor=request.user,
                article=article,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                review_by=data["review_by"],
                owner=data.get("owner_email"),
                sites=data["sites"],
                teams=data["teams"],
                roles=data["roles"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(article)
    return render(
        request,
        "feedback/knowledge/article_form.html",
        {"form": form, "article": article, "has_categories": True},
    )


def flag_article(request, pk):
    article = _article_or_404(request.user, pk)
    if not permissions.can(request.user, rules.FLAG_ARTICLE, article):
        messages.info(
            request, _("This is your article: edit it or confirm it instead of flagging it.")
        )
        return redirect(article)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in FlagKind else {}
    my_open_flag = _my_open_flag(request.user, article)
    form = FlagForm(request.POST or None, initial=initial, question_only=my_open_flag is not None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = services.flag_article(
                actor=request.user,
                article=article,
                kind=form.cleaned_data["kind"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if flag.is_question:
                text = _("Your question is sent to %(owner)s; you will be notified of the answer.")
            else:
                text = _("Thank you. %(owner)s is asked to check the article; you will be told.")
            messages.success(request, text % {"owner": article.owner.profile.display_name})
            return redirect(article)
    return render(
        request,
        "feedback/knowledge/flag.html",
        {"form": form, "article": article, "my_open_flag": my_open_flag},
    )


def resolve_flag(request, pk):
    flag = get_object_or_404(
        ArticleFlag.objects.select_related("article__owner", "raised_by__profile"), pk=pk
    )
    article = _article_or_404(request.user, flag.article_id)
    if not flag.is_open:
        messages.info(request, _("Someone has already answered this; their reply is below."))
        return redirect(reverse("feedback:knowledge_article", args=[article.pk]) + f"#flag-{pk}")
    permissions.require(
        request.user,
        rules.RESOLVE_FLAG,
        flag,
        message=_("Only the article's owner, managers and administrators answer flags."),
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_flag(actor=request.user, flag=flag, reply=form.cleaned_data["reply"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            name = flag.raised_by.profile.display_name
            messages.success(request, _("Your reply is sent to %(name)s.") % {"name": name})
            back = request.POST.get("next")
            if back == "queue":
                return redirect("feedback:knowledge_queue")
            return redirect(article)
    return render(
        request, "feedback/knowledge/resolve.html", {"form": form, "flag": flag, "article": article}
    )


@require_POST
def verify_article(request, pk):
    article = _article_or_404(request.user, pk)
    try:
        verified = services.verify_article(actor=request.user, article=article)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Thank you: the article is marked verified today. Next review by %(date)s.")
            % {"date": date_format(verified.review_by)},
        )
    return redirect(article)


def review_queue(request):
    permissions.require(request.user, rules.VIEW_KNOWLEDGE)
    may_see_all = permissions.can(request.user, rules.SEE_ALL_REVIEWS)
    everyone = may_see_all and request.GET.get("everyone") == "1"
    articles = selectors.review_queue(request.user, everyone=everyone)
    page = Paginator(articles, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return _render_fragment(
        request,
        "feedback/knowledge/queue.html",
        "queue",
        {
            "page": page,
            "everyone": everyone,
            "may_see_all": may_see_all,
            "query": "everyone=1" if everyone else "",
            "reply_form": ReplyForm(),
        },
    )


def categories(request):
    permissions.require(
        request.user,
        rules.MANAGE_CATEGORIES,
        message=_("Only managers and administrators manage categories."),
    )
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.create_category(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
            return redirect("feedback:knowledge_categories")
    return render(
        request,
        "feedback/knowledge/categories.html",
        {"form": form, "categories": selectors.categories_with_counts()},
    )


def category_edit(request, pk):
    permissions.require(
        request.user,
        rules.MANAGE_CATEGORIES,
        message=_("Only managers and administrators manage categories."),
    )
    category = get_object_or_404(ArticleCategory, pk=pk)
    form = CategoryForm(
        request.POST or None,
        initial={"name": category.name, "review_interval_months": category.review_interval_months},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_category(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Category “%(name)s” saved.") % {"name": category.name})
            return redirect("feedback:knowledge_categories")
    return render(
        request, "feedback/knowledge/category_form.html", {"form": form, "category": category}
    )
