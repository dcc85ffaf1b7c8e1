"""Infrastructure signal: keep the administrator role's permissions complete.

Permissions rows are created by Django after migrations run, so a data
migration cannot grant them on a fresh database; this post_migrate handler
gives the administrator group every model permission, so an administrator
needs no superuser flag to use the Django admin.
"""

from django.contrib.auth.models import Group, Permission


def grant_administrator_permissions(sender, **kwargs) -> None:
    group, _ = Group.objects.get_or_create(name="administrator")
    group.permissions.set(Permission.objects.all())
