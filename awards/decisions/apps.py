from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """Council sessions and secret ballots, award decisions with registry numbers,
    prize money and central escalations (issue 5). A Django app of its own inside
    the awards package, so its migrations never collide with the nomination
    models' and its models stay in one readable place."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "awards.decisions"
    label = "decisions"
    verbose_name = "Hội đồng và quyết định khen thưởng"
    demo_loader = "awards.decisions.demo.load"
