"""The listening channels' tables, one module per channel.

Each channel's module is imported here so Django finds its models.
"""

from feedback.models.focus_groups import FocusGroup, FocusGroupInvitation, FocusGroupTheme
from feedback.models.qanda import QandaInvitation, QandaSession, Question, QuestionVote
from feedback.models.scorecards import ScorecardChampion, ScorecardInput, ScorecardMeeting

__all__ = [
    "FocusGroup",
    "FocusGroupInvitation",
    "FocusGroupTheme",
    "QandaInvitation",
    "QandaSession",
    "Question",
    "QuestionVote",
    "ScorecardChampion",
    "ScorecardInput",
    "ScorecardMeeting",
]
