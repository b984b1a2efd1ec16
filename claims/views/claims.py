"""Work in progress: being written now."""

from django.http import Http404


def claim_list(request, **kwargs):
    raise Http404("not built yet")


def claim_create(request, **kwargs):
    raise Http404("not built yet")


def claim_detail(request, **kwargs):
    raise Http404("not built yet")


def claim_edit(request, **kwargs):
    raise Http404("not built yet")


def evidence_add(request, **kwargs):
    raise Http404("not built yet")
