"""The listening channels' tables, one module per channel.

Each channel's module is imported here so Django finds its models.
"""

from feedback.models.ideas import (
    Idea,
    IdeaCategory,
    IdeaComment,
    IdeaReader,
    IdeaStatus,
    IdeaStatusChange,
    IdeaSupport,
)
from feedback.models.knowledge import (
    Article,
    ArticleCategory,
    ArticleFlag,
    ArticleVersion,
    FlagKind,
)
from feedback.models.straight_talk import StraightTalkAsk, StraightTalkRequest

__all__ = [
    "Article",
    "ArticleCategory",
    "ArticleFlag",
    "ArticleVersion",
    "FlagKind",
    "Idea",
    "IdeaCategory",
    "IdeaComment",
    "IdeaReader",
    "IdeaStatus",
    "IdeaStatusChange",
    "IdeaSupport",
    "StraightTalkAsk",
    "StraightTalkRequest",
]
