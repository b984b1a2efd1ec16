"""The app's URLs plus the benchmark's admin site; only the benchmark command serves these."""

from django.urls import path

from claims.benchmark.admin import site
from claims.urls import urlpatterns as app_urlpatterns

urlpatterns = [*app_urlpatterns, path("benchmark-admin/", site.urls)]
