"""The review workflow: who edited, submitted and published each claim, and its record.

Claims already in review or published are given the time they were last changed as their
submission time. A claim that was published before reviews were recorded names no reviewer,
so it goes back to review, where a second person can publish it. Two triggers then hold
what a CHECK cannot, since it compares the row with what it was: a claim is published only
from review and never by its last editor, and a published claim's quote, summary and grade
stay as they were published.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Value

NOT_BY_LAST_EDITOR = "a claim is published from review, by someone other than its last editor"
LOCKED = "the quote, summary and grade of a published claim change only through review"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER claims_claim_publish_four_eyes BEFORE UPDATE OF status ON claims_claim
    FOR EACH ROW WHEN NEW.status = 'published' AND OLD.status IS NOT 'published' AND (
        OLD.status IS NOT 'in_review' OR NEW.reviewed_by_id = NEW.updated_by_id
    )
    BEGIN SELECT RAISE(ABORT, '{NOT_BY_LAST_EDITOR}'); END
    """,
    f"""
    CREATE TRIGGER claims_claim_published_locked BEFORE UPDATE ON claims_claim
    FOR EACH ROW WHEN OLD.status = 'published' AND (
        NEW.summary IS NOT OLD.summary OR NEW.quote IS NOT OLD.quote
        OR NEW.quote_start IS NOT OLD.quote_start OR NEW.quote_end IS NOT OLD.quote_end
        OR NEW.source_id IS NOT OLD.source_id OR NEW.credibility IS NOT OLD.credibility
    )
    BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_publish_four_eyes",
    "DROP TRIGGER IF EXISTS claims_claim_published_locked",
]
POSTGRESQL_FORWARD = [
    f"""
    CREATE FUNCTION claims_claim_review_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status = 'published' AND OLD.status <> 'published' AND (
            OLD.status <> 'in_review' OR NEW.reviewed_by_id = NEW.updated_by_id
        ) THEN
            RAISE EXCEPTION '{NOT_BY_LAST_EDITOR}' USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.status = 'published' AND (
            NEW.summary, NEW.quote, NEW.quote_start, NEW.quote_end, NEW.source_id,
            NEW.credibility
        ) IS DISTINCT FROM (
            OLD.summary, OLD.quote, OLD.quote_start, OLD.quote_end, OLD.source_id,
            OLD.credibility
        ) THEN
            RAISE EXCEPTION '{LOCKED}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER claims_claim_review_guard BEFORE UPDATE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_review_guard()
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_review_guard ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_claim_review_guard()",
]
STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def run(schema_editor, direction: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"Counterclaim supports SQLite and PostgreSQL, not {vendor}.")
    for statement in STATEMENTS[vendor][direction]:
        schema_editor.execute(statement)


def set_aside_sqlite_dependents(apps, schema_editor):
    """Keep aside, then drop, the views and triggers that name the claim table.

    SQLite adds a CHECK constraint by copying the table into a new one and dropping the old,
    which drops the claim table's own triggers (quote anchors, search index) and fails on
    the views and triggers of other tables that name it. Their SQL waits in a temporary
    table of this connection until `restore_sqlite_dependents` puts them back.
    """
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE TEMP TABLE claims_set_aside AS SELECT type, name, sql FROM sqlite_master "
        "WHERE type IN ('view', 'trigger') AND instr(sql, 'claims_claim') > 0"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM claims_set_aside ORDER BY type = 'view'")
        for kind, name in cursor.fetchall():
            schema_editor.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')


def restore_sqlite_dependents(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM claims_set_aside ORDER BY type = 'trigger'")
        statements = [sql for (sql,) in cursor.fetchall()]
    for statement in statements:
        schema_editor.execute(statement)
    schema_editor.execute("DROP TABLE claims_set_aside")


def record_submissions(apps, schema_editor):
    # One UPDATE, each row written once: on PostgreSQL a row updated twice in this
    # transaction would leave foreign-key checks pending, and the ALTER TABLEs below refuse
    # to run with checks pending.
    apps.get_model("claims", "Claim").objects.exclude(status="draft").update(
        status=Value("in_review"), submitted_at=F("updated_at")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0011_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('submit', 'Submitted for review'), ('publish', 'Published'), ('withdraw', 'Withdrawn to draft')], max_length=20)),
                ('from_status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published')], max_length=20)),
                ('at', models.DateTimeField()),
                ('grade', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1 – confirmed by other sources'), (2, '2 – probably true'), (3, '3 – possibly true'), (4, '4 – doubtful'), (5, '5 – improbable'), (6, '6 – truth cannot be judged')], help_text='The credibility given on publishing.', null=True)),
                ('reason', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.RunPython(set_aside_sqlite_dependents, restore_sqlite_dependents),
        migrations.AddField(
            model_name='claim',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='claims_reviewed', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claim',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='updated_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='claims_updated', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['status', 'submitted_at', 'id'], name='claim_review_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['created_by', 'status', 'submitted_at', 'id'], name='claim_author_queue_idx'),
        ),
        migrations.RunPython(record_submissions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), ('reviewed_at__isnull', False), ('reviewed_by__isnull', False)), models.Q(models.Q(('status', 'published'), _negated=True), ('reviewed_at__isnull', True), ('reviewed_by__isnull', True)), _connector='OR'), name='claim_publication_recorded', violation_error_message='A published claim names its reviewer; no other claim does.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'draft'), ('submitted_at__isnull', True)), models.Q(models.Q(('status', 'draft'), _negated=True), ('submitted_at__isnull', False)), _connector='OR'), name='claim_submission_recorded', violation_error_message='A claim in review or published records when it was submitted.'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('reviewed_by__isnull', True), ('created_by__isnull', True), models.Q(('reviewed_by', models.F('created_by')), _negated=True), _connector='OR'), name='claim_reviewer_not_author', violation_error_message='A claim is published by someone other than its author.'),
        ),
        migrations.RunPython(restore_sqlite_dependents, set_aside_sqlite_dependents),
        migrations.AddField(
            model_name='claimreview',
            name='by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claim_reviews', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claimreview',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='claims.claim'),
        ),
        migrations.AddConstraint(
            model_name='claimreview',
            constraint=models.CheckConstraint(condition=models.Q(('action__in', ['submit', 'publish', 'withdraw'])), name='claimreview_action_valid'),
        ),
        migrations.AddConstraint(
            model_name='claimreview',
            constraint=models.CheckConstraint(condition=models.Q(('from_status__in', ['draft', 'in_review', 'published'])), name='claimreview_from_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='claimreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('action', 'publish'), ('grade__gte', 1), ('grade__isnull', False), ('grade__lte', 6)), models.Q(models.Q(('action', 'publish'), _negated=True), ('grade__isnull', True)), _connector='OR'), name='claimreview_grade_on_publish'),
        ),
        migrations.AddConstraint(
            model_name='claimreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('action', 'withdraw'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='claimreview_withdrawal_reason'),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: run(schema_editor, 0),
            lambda apps, schema_editor: run(schema_editor, 1),
        ),
    ]
