"""Helpers that data migrations of every app use to give roles their permissions.

Permissions are normally created after all migrations ran; a migration that assigns
them has to create them first."""

from django.contrib.auth.management import create_permissions


def grant_permissions(apps, role: str, app_label: str, actions: tuple[str, ...]) -> None:
    """Give the role's group the permissions ``actions`` (add, change, delete, view) on
    every model of ``app_label`` as the migration state knows them."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model._meta.model_name}" for model in app_config.get_models() for action in actions
    ]
    group, _ = Group.objects.get_or_create(name=role)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
