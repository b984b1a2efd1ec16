"""The tool an editor would otherwise use: a stock ModelAdmin for claims, on a site of its own.

It searches the same fields as the claim list, filters on kind and incident, and selects the
rows a changelist line shows, as a team would set it up in an afternoon; nothing more, since
it stands for the admin as it comes. It lives on its own AdminSite so that the project's admin
(`claims.admin`) can grow its own search without changing what this column measures.
"""

from django.contrib import admin

from claims.models import Claim

site = admin.AdminSite(name="benchmark_admin")


class ClaimAdmin(admin.ModelAdmin):
    list_display = ["summary", "speaker", "kind", "incident", "stated_on", "status"]
    search_fields = ["quote", "summary", "speaker__name", "speaker__aliases", "source__title"]
    list_filter = ["kind", "incident"]
    list_select_related = ["speaker", "source", "incident"]


site.register(Claim, ClaimAdmin)
