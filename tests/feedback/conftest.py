from tests.feedback.voice_fixtures import *  # noqa: F403  (Q&A, focus group and scorecard fixtures)
