"""The listening channels' tables, one module per channel.

Each channel's module is imported here so Django finds its models.
"""

from feedback.models.focus_groups import FocusGroup, FocusGroupInvitation, FocusGroupTheme
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
from feedback.models.qanda import QandaInvitation, QandaSession, Question, QuestionVote
from feedback.models.scorecards import ScorecardChampion, ScorecardInput, ScorecardMeeting
from feedback.models.straight_talk import StraightTalkAsk, StraightTalkRequest

__all__ = [
    "Article",
    "ArticleCategory",
    "ArticleFlag",
    "ArticleVersion",
    "FlagKind",
    "FocusGroup",
    "FocusGroupInvitation",
    "FocusGroupTheme",
    "Idea",
    "IdeaCategory",
    "IdeaComment",
    "IdeaReader",
    "IdeaStatus",
    "IdeaStatusChange",
    "IdeaSupport",
    "QandaInvitation",
    "QandaSession",
    "Question",
    "QuestionVote",
    "ScorecardChampion",
    "ScorecardInput",
    "ScorecardMeeting",
    "StraightTalkAsk",
    "StraightTalkRequest",
]
