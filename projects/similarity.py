"""Similar innovation needs of other authorities, best first.

PostgreSQL: full-text rank with the Dutch configuration (so "dijken" meets
"dijk") plus trigram similarity of the titles (so the compound
"dijkversterking" still meets "versterking van dijken").

SQLite (`make run`): the same idea in Python: Dutch Snowball stems weighted
by field (title and theme above the question), cosine similarity, plus the
overlap of the titles' character trigrams. The candidate set is read in one
query, so the cost does not grow in queries with the number of needs.

Both rank only needs the viewer may see (`selectors_demand`), published,
of other organisations: similarity never reveals a hidden need.
"""

import math
import re
from collections import Counter

import snowballstemmer

from django.db import connection
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from .models import InnovationDemand
from .selectors_demand import demands_visible_to

MIN_SCORE = 0.08
# ts_rank of an OR query over a short text is small: PostgreSQL's scale differs.
MIN_SCORE_POSTGRES = 0.02
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Short function words carry no meaning for matching (Snowball has no stop list).
STOPWORDS = frozenset(
    # fmt: off
    [
        "aan",
        "als",
        "bij",
        "dan",
        "dat",
        "deze",
        "die",
        "dit",
        "door",
        "een",
        "eer",
        "elk",
        "en",
        "het",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kunnen",
        "maar",
        "met",
        "meer",
        "mee",
        "naar",
        "niet",
        "nog",
        "of",
        "om",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "per",
        "te",
        "tot",
        "uit",
        "van",
        "veel",
        "voor",
        "wat",
        "we",
        "wel",
        "wie",
        "wij",
        "worden",
        "wordt",
        "zal",
        "zijn",
        "zo",
        "zich",
        "zonder",
        "zodat",
    ]
    # fmt: on
)
FIELD_WEIGHTS = (("title", 3.0), ("theme", 2.0), ("question", 1.0))

_stemmer = snowballstemmer.stemmer("dutch")


def stems(text: str) -> list[str]:
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]
    return _stemmer.stemWords(words)


def _vector(demand) -> Counter:
    vector: Counter = Counter()
    for field, weight in FIELD_WEIGHTS:
        for stem in stems(getattr(demand, field) or ""):
            vector[stem] += weight
    return vector


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(value * b.get(key, 0) for key, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _trigrams(text: str) -> set[str]:
    result = set()
    for word in WORD.findall(text.lower()):
        padded = f"  {word} "
        result.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return result


def _trigram_similarity(a: str, b: str) -> float:
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _candidates(*, demand: InnovationDemand, user):
    return (
        demands_visible_to(user)
        .published()
        .exclude(organisation_id=demand.organisation_id)
        .select_related("organisation")
    )


def similar_demands(*, demand: InnovationDemand, user, limit: int = 5) -> list[InnovationDemand]:
    """Published needs of other authorities that `user` may see, most similar first.

    Each returned need carries `similarity` (a float, higher is closer).
    """
    candidates = _candidates(demand=demand, user=user)
    if connection.vendor == "postgresql":
        return _similar_postgres(demand, candidates, limit)
    return _similar_python(demand, candidates, limit)


def _similar_python(demand, candidates, limit):
    base = _vector(demand)
    title = f"{demand.title} {demand.theme}"
    scored = []
    for other in candidates.only(
        "pk", "title", "theme", "question", "organisation__name", "volume", "volume_unit"
    ):
        score = _cosine(base, _vector(other)) + 0.5 * _trigram_similarity(
            title, f"{other.title} {other.theme}"
        )
        if score >= MIN_SCORE:
            other.similarity = score
            scored.append(other)
    scored.sort(key=lambda d: (-d.similarity, d.pk))
    return scored[:limit]


def _similar_postgres(demand, candidates, limit):
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramSimilarity,
    )

    text = f"{demand.title} {demand.theme} {demand.question}".lower()
    words = sorted(set(WORD.findall(text)) - STOPWORDS)
    if not words:
        return []
    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("theme", weight="B", config="dutch")
        + SearchVector("question", weight="C", config="dutch")
    )
    # Any of the words (an OR query); each is normalised by the Dutch configuration.
    query = SearchQuery(" | ".join(words), search_type="raw", config="dutch")
    ranked = (
        candidates.annotate(
            rank=Cast(SearchRank(vector, query), FloatField()),
            trigram=Cast(
                TrigramSimilarity("title", f"{demand.title} {demand.theme}"), FloatField()
            ),
        )
        .annotate(similarity=F("rank") + F("trigram") * 0.5)
        .filter(similarity__gte=MIN_SCORE_POSTGRES)
        .order_by("-similarity", "pk")
    )
    return list(ranked[:limit])
