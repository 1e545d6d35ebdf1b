from django.apps import AppConfig


class TargetingConfig(AppConfig):
    name = "tests.targeting"
    label = "targeting"
