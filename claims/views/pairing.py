"""Work in progress: being written now."""

from django.http import Http404


def pair(request, **kwargs):
    raise Http404("not built yet")


def link_create(request, **kwargs):
    raise Http404("not built yet")


def response_create(request, **kwargs):
    raise Http404("not built yet")


def link_undo(request, **kwargs):
    raise Http404("not built yet")
