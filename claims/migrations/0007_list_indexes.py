# Indexes for every list order and filter, and for name suggestions (issue 6).

import claims.models
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0006_fulltext_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_kind_stated_idx',
        ),
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_created_idx',
        ),
        migrations.AddIndex(
            model_name='actor',
            index=models.Index(django.db.models.functions.text.Lower('name'), condition=models.Q(('parent', None)), name='actor_side_name_idx'),
        ),
        migrations.AddIndex(
            model_name='actor',
            index=models.Index(fields=['parent', 'name'], name='actor_members_idx'),
        ),
        migrations.AddIndex(
            model_name='actor',
            index=models.Index(condition=models.Q(('parent', None)), fields=['id'], name='actor_root_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=claims.models.NullsLastIndex(models.OrderBy(models.F('stated_on'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='claim_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=claims.models.NullsLastIndex(models.F('kind'), models.OrderBy(models.F('stated_on'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='claim_kind_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=claims.models.NullsLastIndex(models.F('status'), models.OrderBy(models.F('stated_on'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='claim_status_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=claims.models.NullsLastIndex(models.F('incident'), models.OrderBy(models.F('stated_on'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='claim_incident_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=claims.models.NullsLastIndex(models.F('speaker'), models.OrderBy(models.F('stated_on'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='claim_speaker_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=claims.models.NullsLastIndex(models.F('incident'), models.F('kind'), models.OrderBy(models.F('stated_on'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='claim_incident_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['kind', 'created_at', 'id'], name='claim_kind_created_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['-created_at', '-id'], name='claim_recent_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(fields=['-occurred_on', 'title'], name='incident_latest_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(django.db.models.functions.text.Lower('title'), name='incident_title_ci_idx'),
        ),
        migrations.AddIndex(
            model_name='source',
            index=models.Index(django.db.models.functions.text.Lower('title'), name='source_title_ci_idx'),
        ),
    ]
