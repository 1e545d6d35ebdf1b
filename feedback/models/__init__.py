"""The listening channels' tables, one module per channel.

Each channel's module is imported here so Django finds its models.
"""

from feedback.models.knowledge import (
    Article,
    ArticleCategory,
    ArticleFlag,
    ArticleVersion,
    FlagKind,
)

__all__ = ["Article", "ArticleCategory", "ArticleFlag", "ArticleVersion", "FlagKind"]
