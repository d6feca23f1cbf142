from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thrive.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from thrive.accounts import checks, signals, throttling  # noqa: F401
