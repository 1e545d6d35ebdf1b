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
from feedback.models.straight_talk import StraightTalkAsk, StraightTalkRequest

__all__ = [
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
