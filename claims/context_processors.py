from django.http import HttpRequest

from claims.roles import role_of


def role(request: HttpRequest) -> dict[str, str]:
    """The signed-in user's role for the header, looked up once per request.

    An htmx response may render several partials, each with this context: one query will do.
    """
    if not hasattr(request, "user"):
        return {"user_role": ""}
    if not hasattr(request, "counterclaim_role"):
        request.counterclaim_role = role_of(request.user)
    return {"user_role": request.counterclaim_role}
