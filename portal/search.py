"""Full-text search: a stored, GIN-indexed vector on PostgreSQL, a plain fallback elsewhere.

A searchable model declares which text fields count and how much::

    search_vector = search_vector_field(title="A", body="B")

    class Meta:
        indexes = [SearchIndex(fields=["search_vector"], name="post_search")]

and a selector asks ``search(queryset, query)`` for what matches, best first.

On PostgreSQL the vector is a stored generated column, so the database keeps it up to
date on every insert and update whoever writes the row; on SQLite the same column holds
NULL and ``search`` matches words with ``icontains`` instead, newest first. One model
and one migration therefore serve both backends.

The text search configuration is ``english``. The portal's writing is mostly English, and
stemming lets "swap" find "swaps" and "swapping", which agents expect. Chinese is not
split into words by any of PostgreSQL's built-in parsers (a run of Han characters is one
token), so ``english`` costs Chinese nothing compared with ``simple``; a query written
in Chinese, Japanese or Korean script, or one made only of English stop words ("it",
"us"), uses the substring fallback over the same limited candidate set instead.
"""

import re
from dataclasses import dataclass
from functools import partial, reduce
from operator import add, and_, itemgetter, or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import F, Func, GeneratedField, Index, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.markdown import plain_text, render_markdown

CONFIG = "english"
VECTOR_FIELD = "search_vector"
# Ranking reads every candidate's vector, so it is kept to the newest few hundred
# matches: on a big table a common word would otherwise rank every row it appears in.
CANDIDATES = 500
QUERY_MAX_LENGTH = 200
# Private-use characters, so a word a person typed never looks like a highlight marker.
# Highlighting stays safe even if one does: every piece of text is escaped on its own.
MARK_START, MARK_END = "\ue000", "\ue001"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
SNIPPET_LENGTH = 200


class StoredVector(Func):
    """The weighted vector of some text fields, for a generated column.

    Compiles to ``setweight(to_tsvector(...), 'A') || ...`` on PostgreSQL and to NULL
    elsewhere, where there is no full-text search to feed.
    """

    output_field = SearchVectorField()

    def __init__(self, **weights):
        self.weights = weights
        super().__init__(*(F(name) for name in weights))

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        vectors = [
            SearchVector(expression, config=CONFIG, weight=weight)
            for expression, weight in zip(
                self.get_source_expressions(), self.weights.values(), strict=True
            )
        ]
        return compiler.compile(reduce(add, vectors))


class StoredGeneratedField(GeneratedField):
    """A stored generated column, which every backend the portal runs on supports.

    Django's own system check asks the database server whether it supports *virtual*
    generated columns, so ``manage.py check`` and ``makemigrations`` would fail
    whenever the configured database cannot be reached (a fresh machine, CI before
    the database exists). A stored column needs no such question. Migrations record
    it as a plain GeneratedField, so nothing about the schema changes.
    """

    def _check_supported(self, databases):
        return []

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.GeneratedField", args, kwargs


def search_vector_field(**weights):
    """A stored vector of the named fields, weighted A (most important) to D."""
    return StoredGeneratedField(
        expression=StoredVector(**weights),
        output_field=SearchVectorField(),
        db_persist=True,
    )


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere an ordinary index stands in for it.

    SQLite has no GIN, and a migration must apply on both backends. The stand-in
    indexes a column that is always NULL there, so it costs next to nothing.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return Index.create_sql(self, model, schema_editor, **kwargs)


class Results:
    """What a search found, in order: a sequence to paginate that fetches only what is shown.

    The order is known before any row is: ``ids``, best first (with each id's ``ts_rank``
    in ``ranks`` when ranked). Counting is therefore free, and a slice fetches just its
    own rows, by primary key, through ``rows``: the queryset that gives each row what the
    page shows. Joining authors or sections, annotating a headline, and the like so
    cost as many rows as the page has, not as many as there are candidates.

    A selector shapes the rows with ``shape`` (``results.shape(lambda rows:
    rows.select_related("author"))``); filtering or ordering ``rows`` changes nothing
    about which rows come back or in what order.
    """

    def __init__(self, ids, rows, ranks=None):
        self.ids = list(ids)
        self.rows = rows
        self.ranks = ranks or {}

    def shape(self, how):
        """The same results, their rows fetched through ``how(rows)``."""
        return Results(self.ids, how(self.rows), self.ranks)

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self._fetch([self.ids[index]])[0]
        return self._fetch(self.ids[index])

    def _fetch(self, ids):
        if not ids:
            return []
        # Unordered: the order is the ids', so the database need not sort the page.
        found = {obj.pk: obj for obj in self.rows.filter(pk__in=ids).order_by()}
        # A row deleted since the ids were read is left out rather than failing the page.
        shown = [found[pk] for pk in ids if pk in found]
        for obj in shown:
            if obj.pk in self.ranks:
                obj.search_rank = self.ranks[obj.pk]
        return shown


@dataclass
class Search:
    """What ``search`` found: ``results`` (``Results``) is lazy and ready to paginate."""

    query: str
    results: Results
    ranked: bool
    snippet_field: str | None = None

    def add_snippets(self, objects, *, rendered=None):
        """Give each object ``search_snippet``: safe HTML, an excerpt with matches in <mark>.

        Call it on the page being shown, so only the rows on screen are excerpted. The
        excerpt is cut from the plain text a reader sees, never from the Markdown typed:
        ``rendered(obj)`` gives the object's safe HTML (a stored rendering, say); without
        it the snippet field is rendered, which the renderer's cache keeps cheap.
        """
        if rendered is None:

            def rendered(obj):
                return render_markdown(getattr(obj, self.snippet_field))

        terms = None if self.ranked else search_terms(self.query)[0]
        for obj in objects:
            # The database stems ("swap" finds "swapping"), so it alone knows which words
            # matched: they are the ones its headline marked.
            found = matched_words(obj.search_headline) if self.ranked else terms
            text = excerpt(plain_text(rendered(obj)), found)
            obj.search_snippet = highlight(mark_terms(text, found))
        return objects


def search(queryset, query, *, snippet_field=None, newest_first=("-created_at", "-pk")):
    """Rank what in ``queryset`` matches ``query``, best first.

    The filters of ``queryset`` (who may see what) pick the candidates: the newest
    ``CANDIDATES`` matches. One query reads their ids and ``ts_rank`` (weights from the
    vector) on the searched table alone; they are ordered by rank, newest first within
    a rank, and ``Search.results`` fetches the rows of a page by id (see ``Results``).
    Without full-text search the candidates come back newest first. ``snippet_field``
    names the field ``Search.add_snippets`` excerpts; on PostgreSQL its ``ts_headline``,
    which says which of its words matched, is computed for the rows fetched only.
    """
    query = " ".join(query.split())[:QUERY_MAX_LENGTH]
    manager = queryset.model._default_manager.db_manager(queryset.db)
    if not query:
        return Search(query=query, results=Results([], manager.none()), ranked=False)
    found = partial(Search, query=query, snippet_field=snippet_field)
    connection = connections[queryset.db]
    if connection.vendor == "postgresql" and not CJK.search(query):
        tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
        candidates = _newest(
            queryset.filter(**{VECTOR_FIELD: tsquery}).annotate(
                search_rank=SearchRank(F(VECTOR_FIELD), tsquery)
            ),
            newest_first,
            "search_rank",
        )
        # Asked only when nothing matched: a query of stop words alone ("it", "us")
        # leaves an empty tsquery, which matches nothing, and falls back below.
        if candidates or not _only_stop_words(query, connection):
            # A stable sort keeps the newest first among equal ranks.
            candidates.sort(key=itemgetter(1), reverse=True)
            rows = manager.all()
            if snippet_field:
                # Every matching word marked, for ``add_snippets`` to find in the plain text.
                rows = rows.annotate(
                    search_headline=SearchHeadline(
                        snippet_field,
                        tsquery,
                        config=CONFIG,
                        start_sel=MARK_START,
                        stop_sel=MARK_END,
                        highlight_all=True,
                    )
                )
            ids = [pk for pk, _rank in candidates]
            return found(results=Results(ids, rows, dict(candidates)), ranked=True)
    matches = queryset.filter(contains_terms(queryset.model, query))
    ids = [pk for (pk,) in _newest(matches, newest_first)]
    return found(results=Results(ids, manager.all()), ranked=False)


def _newest(matches, newest_first, *fields):
    """``(pk, *fields)`` of the newest ``CANDIDATES`` of ``matches``, newest first.

    Bounded, so neither ranking nor counting reads every match. Read as a list of ids
    rather than used as a subquery: as a subquery, PostgreSQL plans the page's joins
    over every row of every joined table (seconds at 200,000 posts).
    """
    return list(matches.order_by(*newest_first).values_list("pk", *fields)[:CANDIDATES])


def _only_stop_words(query, connection):
    # "IT" or "us" leave an empty tsquery, which matches nothing at all.
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery(%s, %s))", [CONFIG, query])
        return cursor.fetchone()[0] == 0


def search_terms(query):
    """Words to find and words to leave out, from web-search style input.

    Quotes are dropped (each quoted word must still appear), ``-word`` excludes and
    ``or`` is ignored: the fallback's simple match stands in for the full syntax.
    """
    wanted, unwanted = [], []
    for word in query.replace('"', " ").split():
        if word.lower() == "or":
            continue
        if word.startswith("-") and len(word) > 1:
            unwanted.append(word[1:])
        elif word != "-":
            wanted.append(word)
    return wanted, unwanted


def searched_fields(model):
    return list(model._meta.get_field(VECTOR_FIELD).expression.weights)


def contains_terms(model, query):
    """A filter: every wanted word appears in one of the searched fields, no unwanted one does."""
    fields = searched_fields(model)

    def anywhere(term):
        return reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))

    wanted, unwanted = search_terms(query)
    conditions = [anywhere(term) for term in wanted] + [~anywhere(term) for term in unwanted]
    return reduce(and_, conditions) if conditions else Q(pk__in=[])


def excerpt(text, terms, length=SNIPPET_LENGTH):
    """About ``length`` characters of plain ``text`` around the first of ``terms`` found.

    Cut between words only (between any two characters of Chinese, Japanese or Korean,
    written without spaces), with "…" where cut. It starts at the beginning when the
    match fits there, else at the start of a sentence shortly before the match, else a
    few words before it, so that a snippet reads as the text does.
    """
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    match = terms_pattern(terms).search(text) if terms else None
    start = 0
    if match and match.end() > length * 3 // 4:
        start = _sentence_start(text, match.start(), reach=length * 2 // 3)
        if start is None:
            start = _word_start(text, match.start(), lead=length // 4)
    end = start + length
    if end < len(text):
        end = next((i for i in range(end, start, -1) if _between_words(text, i)), end)
    snippet = text[start:end].strip()
    if end < len(text):
        snippet = snippet.rstrip(",;:") + "…"
    return ("…" if start else "") + snippet


# After ". ", "! " or "? ", or after a Chinese full stop, exclamation or question mark or
# semicolon, which need no space after them.
SENTENCE_START = re.compile(r"(?:[.!?]\s+|[\u3002\uff01\uff1f\uff1b]\s*)(?=\S)")


def _sentence_start(text, position, *, reach):
    """Where the sentence holding ``position`` starts, if it starts at most ``reach`` before."""
    earliest = position - reach
    starts = list(SENTENCE_START.finditer(text, max(0, earliest), position + 1))
    if starts:
        return starts[-1].end()
    return 0 if earliest <= 0 else None


def _word_start(text, position, *, lead):
    """The first place a word starts in the ``lead`` characters before ``position``."""
    return next(
        (i for i in range(max(0, position - lead), position) if _between_words(text, i)),
        position,
    )


def _between_words(text, i):
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    return before == " " or after == " " or bool(CJK.match(before) or CJK.match(after))


def matched_words(headline):
    """The words a ``ts_headline`` marked, each once."""
    return list(dict.fromkeys(re.findall(f"{MARK_START}(.*?){MARK_END}", headline or "")))


def terms_pattern(terms):
    # Longest first, so "swapping" is marked whole even when "swap" is a term too.
    ordered = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def mark_terms(text, terms):
    if not terms:
        return text
    return terms_pattern(terms).sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", text)


def highlight(marked):
    """Escape text and turn the highlight markers into <mark> elements."""
    html, open_mark = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", marked or ""):
        if piece == MARK_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif piece == MARK_END and open_mark:
            html.append("</mark>")
            open_mark = False
        elif piece not in (MARK_START, MARK_END):
            html.append(escape(piece))
    if open_mark:
        html.append("</mark>")
    # Safe: every piece of text was escaped above; only our own <mark> tags are not.
    return mark_safe("".join(html))
