from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claim ledger"


class LedgerAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site of claims.admin_site as `admin.site`."""

    default = False
    default_site = "claims.admin_site.LedgerAdminSite"
