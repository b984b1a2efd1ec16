from django.http import HttpRequest

from claims.roles import role_of


def role(request: HttpRequest) -> dict[str, str]:
    return {"user_role": role_of(request.user) if hasattr(request, "user") else ""}
