"""The hashtag page walks an index of (tag, post time) instead of sorting every post with the tag."""

from django.db import migrations, models

# Portable SQL (SQLite and PostgreSQL): each hashtag takes its post's time.
COPY_POST_TIME = (
    "UPDATE practice_hashtag SET created_at = "
    "(SELECT practice_post.created_at FROM practice_post WHERE practice_post.id = practice_hashtag.post_id)"
)


class Migration(migrations.Migration):
    dependencies = [("practice", "0002_posts_personas_scripts")]

    operations = [
        migrations.AddField(model_name="hashtag", name="created_at", field=models.DateTimeField(null=True)),
        migrations.RunSQL(COPY_POST_TIME, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(model_name="hashtag", name="created_at", field=models.DateTimeField()),
        migrations.RemoveIndex(model_name="hashtag", name="practice_ha_tag_0173a0_idx"),
        migrations.AddIndex(
            model_name="hashtag",
            index=models.Index(fields=["tag", "-created_at", "-post"], name="hashtag_tag_recent"),
        ),
    ]
