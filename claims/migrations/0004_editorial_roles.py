"""Create the viewer, editor and reviewer groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of claims.roles.ROLE_PERMISSIONS as it stood when the roles were introduced.
ROLE_PERMISSIONS = {
    "editor": [
        "view_actor",
        "view_source",
        "view_place",
        "view_incident",
        "view_claim",
        "view_figure",
        "view_claimlink",
        "view_evidencelink",
        "add_actor",
        "change_actor",
        "add_source",
        "change_source",
        "add_place",
        "change_place",
        "add_incident",
        "change_incident",
        "add_claim",
        "change_claim",
        "add_figure",
        "change_figure",
        "add_claimlink",
        "change_claimlink",
        "add_evidencelink",
        "change_evidencelink",
        "delete_claimlink",
    ],
    "reviewer": [
        "view_actor",
        "view_source",
        "view_place",
        "view_incident",
        "view_claim",
        "view_figure",
        "view_claimlink",
        "view_evidencelink",
        "add_actor",
        "change_actor",
        "add_source",
        "change_source",
        "add_place",
        "change_place",
        "add_incident",
        "change_incident",
        "add_claim",
        "change_claim",
        "add_figure",
        "change_figure",
        "add_claimlink",
        "change_claimlink",
        "add_evidencelink",
        "change_evidencelink",
        "delete_claimlink",
        "grade_claim",
        "publish_claim",
    ],
    "viewer": [
        "view_actor",
        "view_source",
        "view_place",
        "view_incident",
        "view_claim",
        "view_figure",
        "view_claimlink",
        "view_evidencelink",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_claim_review_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
