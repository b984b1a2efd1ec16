"""Work in progress: being written now."""

from django.http import Http404


def actor_detail(request, **kwargs):
    raise Http404("not built yet")
