from django.db import migrations, models

# The combined score as feedback.idea_selectors.popularity worked it out when this
# migration was written; from then on the scheduled job keeps it.
SCORE_NOW = {
    "postgresql": """
        UPDATE feedback_idea SET popularity =
            ((supporter_count * 3 + comment_count * 2)::double precision
             + reader_count::double precision * 0.1)
            / power(
                greatest(extract(epoch FROM (now() - created_at))::double precision / 86400, 0)
                + 2,
                1.2
            )
        WHERE merged_into_id IS NULL
    """,
    "sqlite": """
        UPDATE feedback_idea SET popularity =
            ((supporter_count * 3 + comment_count * 2) + reader_count * 0.1)
            / power(max(julianday('now') - julianday(created_at), 0) + 2, 1.2)
        WHERE merged_into_id IS NULL
    """,
}


def score_existing_ideas(apps, schema_editor):
    schema_editor.execute(SCORE_NOW[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_article_lower_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="popularity",
            field=models.FloatField(default=0, editable=False, verbose_name="score"),
        ),
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["-popularity", "-id"],
                name="idea_by_score",
            ),
        ),
        migrations.RunPython(score_existing_ideas, migrations.RunPython.noop, elidable=True),
    ]
