from django.apps import AppConfig


class PasswordResetConfig(AppConfig):
    name = "claims.password_reset"
    label = "password_reset"
    verbose_name = "Password reset"
    default_auto_field = "django.db.models.BigAutoField"
