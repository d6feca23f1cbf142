from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "thrive.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"
