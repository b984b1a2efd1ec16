"""History for every ledger model, a first version of every row already there, and delete rights.

Rows recorded before history began get one version ("History began") so that each has a
version to diff against and restore from. Reviewers may delete any claim; editors may delete
evidence (and, by a rule in claims.history.removal, the claims they recorded themselves).
"""

import claims.fields
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.utils import timezone

BATCH = 2000
# Frozen copy of what claims.roles added to each role with this migration.
ADDED_PERMISSIONS = {
    "editor": ["delete_evidencelink"],
    "reviewer": ["delete_evidencelink", "delete_claim"],
}


def first_versions(apps, schema_editor):
    now = timezone.now()
    for model in list(apps.get_app_config("claims").get_models()):
        history = _history_model(apps, model)
        if history is None:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").iterator(chunk_size=BATCH)
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                _write(apps, model, history, fields, batch, now)
                batch = []
        _write(apps, model, history, fields, batch, now)


def _history_model(apps, model):
    try:
        return apps.get_model("claims", f"Historical{model.__name__}")
    except LookupError:
        return None


def _write(apps, model, history, fields, rows, now):
    versions = history._base_manager.bulk_create(
        history(
            history_date=now,
            history_type="+",
            history_change_reason="History began",
            **{name: getattr(row, name) for name in fields},
        )
        for row in rows
    )
    version_of = {version.id: version for version in versions}
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        own = f"{field.m2m_field_name()}_id"
        m2m_history = apps.get_model("claims", f"Historical{through.__name__}")
        links = through._base_manager.filter(**{f"{own}__in": list(version_of)})
        columns = [column.attname for column in through._meta.concrete_fields]
        m2m_history._base_manager.bulk_create(
            m2m_history(
                history=version_of[getattr(link, own)],
                **{name: getattr(link, name) for name in columns},
            )
            for link in links.iterator(chunk_size=BATCH)
        )


def grant_delete_rights(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ADDED_PERMISSIONS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
            )


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0010_pairing_incident_index'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalClaim',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('accusation', 'Accusation'), ('denial', 'Denial'), ('assertion', 'Assertion'), ('admission', 'Admission'), ('commitment', 'Commitment')], max_length=20)),
                ('summary', models.CharField(help_text="The editor's one-line paraphrase.", max_length=300)),
                ('quote', models.TextField(blank=True, help_text='The verbatim span of the source text.')),
                ('quote_start', models.PositiveIntegerField(blank=True, null=True)),
                ('quote_end', models.PositiveIntegerField(blank=True, null=True)),
                ('stated_on', models.DateField(blank=True, null=True)),
                ('credibility', models.PositiveSmallIntegerField(choices=[(1, '1 – confirmed by other sources'), (2, '2 – probably true'), (3, '3 – possibly true'), (4, '4 – doubtful'), (5, '5 – improbable'), (6, '6 – truth cannot be judged')], default=6, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(6)])),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], default='draft', max_length=20)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('incident', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.incident')),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.source')),
                ('speaker', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.actor')),
            ],
            options={
                'verbose_name': 'historical claim',
                'verbose_name_plural': 'historical claims',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClaim_accused',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.actor')),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='claims.historicalclaim')),
            ],
            options={
                'verbose_name': 'HistoricalClaim_accused',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClaim_places',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='claims.historicalclaim')),
                ('place', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.place')),
            ],
            options={
                'verbose_name': 'HistoricalClaim_places',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalIncident',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('slug', models.SlugField(max_length=200)),
                ('summary', models.TextField(blank=True)),
                ('occurred_on', models.DateField(blank=True, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical incident',
                'verbose_name_plural': 'historical incidents',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalIncident_places',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='claims.historicalincident')),
                ('incident', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.incident')),
                ('place', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.place')),
            ],
            options={
                'verbose_name': 'HistoricalIncident_places',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Removal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('removed_at', models.DateTimeField(auto_now_add=True)),
                ('summary', models.CharField(max_length=300)),
                ('subject_type', models.CharField(max_length=100)),
                ('subject_id', models.BigIntegerField()),
                ('restored_at', models.DateTimeField(blank=True, null=True)),
                ('removed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('restored_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-removed_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSource',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=300)),
                ('kind', models.CharField(choices=[('article', 'Article'), ('broadcast', 'Broadcast'), ('official_statement', 'Official statement'), ('social_post', 'Social media post'), ('press_release', 'Press release'), ('report', 'Report'), ('other', 'Other')], default='article', max_length=20)),
                ('url', claims.fields.WebURLField(blank=True, max_length=2000)),
                ('archive_url', claims.fields.WebURLField(blank=True, max_length=2000)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('retrieved_at', models.DateTimeField(blank=True, null=True)),
                ('language', models.CharField(default='en', help_text='BCP 47 tag, e.g. en, ps, ur.', max_length=35)),
                ('text', models.TextField(blank=True, help_text='The captured body that quotes are anchored in.')),
                ('text_sha256', models.CharField(editable=False, max_length=64)),
                ('reliability', models.CharField(choices=[('A', 'A – completely reliable'), ('B', 'B – usually reliable'), ('C', 'C – fairly reliable'), ('D', 'D – not usually reliable'), ('E', 'E – unreliable'), ('F', 'F – reliability cannot be judged')], default='F', max_length=1)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outlet', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.actor')),
                ('removal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal')),
            ],
            options={
                'verbose_name': 'historical source',
                'verbose_name_plural': 'historical sources',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPlace',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('country', models.CharField(blank=True, max_length=100)),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True)),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('removal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal')),
            ],
            options={
                'verbose_name': 'historical place',
                'verbose_name_plural': 'historical places',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='removal',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal'),
        ),
        migrations.CreateModel(
            name='HistoricalFigure',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('measure', models.CharField(choices=[('killed', 'Killed'), ('injured', 'Injured'), ('detained', 'Detained'), ('displaced', 'Displaced'), ('other', 'Other')], max_length=20)),
                ('group', models.CharField(choices=[('civilians', 'Civilians'), ('military', 'Military'), ('police', 'Police'), ('militants', 'Militants'), ('unspecified', 'Unspecified')], default='unspecified', max_length=20)),
                ('low', models.PositiveIntegerField()),
                ('high', models.PositiveIntegerField(blank=True, help_text='Leave blank when the figure is exact.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('removal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal')),
            ],
            options={
                'verbose_name': 'historical figure',
                'verbose_name_plural': 'historical figures',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEvidenceLink',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('url', claims.fields.WebURLField(blank=True, max_length=2000)),
                ('stance', models.CharField(choices=[('supports', 'Supports'), ('refutes', 'Refutes'), ('context', 'Context')], default='context', max_length=20)),
                ('kind', models.CharField(choices=[('document', 'Document'), ('imagery', 'Imagery'), ('video', 'Video'), ('testimony', 'Testimony'), ('official_record', 'Official record'), ('dataset', 'Dataset'), ('other', 'Other')], default='document', max_length=20)),
                ('excerpt', models.TextField(blank=True)),
                ('archived_url', claims.fields.WebURLField(blank=True, max_length=2000)),
                ('content_sha256', models.CharField(blank=True, help_text='SHA-256 of the material as retrieved, 64 hex digits.', max_length=64)),
                ('retrieved_at', models.DateTimeField(blank=True, null=True)),
                ('note', models.TextField(blank=True)),
                ('added_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('added_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.source')),
                ('removal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal')),
            ],
            options={
                'verbose_name': 'historical evidence link',
                'verbose_name_plural': 'historical evidence links',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClaimLink',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('relation', models.CharField(choices=[('denies', 'denies'), ('disputes', 'disputes'), ('confirms', 'confirms'), ('supports', 'supports'), ('qualifies', 'qualifies')], max_length=20)),
                ('facets', models.JSONField(blank=True, default=list, help_text='Which parts of the target claim the response addresses.')),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('from_claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('to_claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.claim')),
                ('removal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal')),
            ],
            options={
                'verbose_name': 'historical claim link',
                'verbose_name_plural': 'historical claim links',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='removal',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal'),
        ),
        migrations.CreateModel(
            name='HistoricalActor',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('person', 'Person'), ('organization', 'Organization'), ('government', 'Government'), ('military', 'Military'), ('armed_group', 'Armed group'), ('media', 'Media'), ('international_body', 'International body'), ('other', 'Other')], default='person', max_length=20)),
                ('title', models.CharField(blank=True, help_text='Role, e.g. Defence Minister.', max_length=200)),
                ('country', models.CharField(blank=True, max_length=100)),
                ('aliases', models.TextField(blank=True, help_text='Other names, one per line (e.g. ISPR for Inter-Services Public Relations).')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, help_text='The body this actor speaks for or belongs to. Its side is the top of this chain.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.actor')),
                ('removal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.removal')),
            ],
            options={
                'verbose_name': 'historical actor',
                'verbose_name_plural': 'historical actors',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name='removal',
            index=models.Index(fields=['restored_at', '-removed_at'], name='removal_recent_idx'),
        ),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
        migrations.RunPython(grant_delete_rights, migrations.RunPython.noop),
    ]
