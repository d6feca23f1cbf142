from django.apps import AppConfig


class AcademyConfig(AppConfig):
    name = "thrive.academy"
    label = "academy"
    verbose_name = "Academy"

    def ready(self) -> None:
        # Newly qualified social workers are enrolled as the register adds their spell (a person
        # added, a hire, an import), once the adding commits.
        from thrive.academy.services.register import enrol_added_spells
        from thrive.people.services import on_spells_added

        on_spells_added(enrol_added_spells)
