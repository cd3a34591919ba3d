"""The publish_article permission, and the two editorial roles as groups.

Editors manage all editorial content and may publish; Contributors may view
everything and add or change content, but may not delete articles, people,
sources, authors or tags, nor publish. Running
the data step again resets both groups to exactly these permissions; reversing
it removes the groups (the permission rows stay, as Django leaves them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# (app label, model name) of everything the editorial roles work on.
CONTENT = [
    ("articles", "article"),
    ("articles", "articleauthor"),
    ("articles", "source"),
    ("articles", "author"),
    ("articles", "topic"),
    ("articles", "place"),
    ("articles", "taggedtopic"),
    ("articles", "taggedplace"),
    ("people", "person"),
    ("people", "personalias"),
    ("people", "quote"),
]

ROLES = {
    "Editors": {
        "actions": ("view", "add", "change", "delete"),
        "extra": [("articles", "publish_article")],
    },
    "Contributors": {
        "actions": ("view", "add", "change"),
        # Editing a draft includes removing a wrong byline entry, tag, quote or alias.
        "extra": [
            ("articles", "delete_articleauthor"),
            ("articles", "delete_taggedtopic"),
            ("articles", "delete_taggedplace"),
            ("people", "delete_quote"),
            ("people", "delete_personalias"),
        ],
    },
}


def role_permissions(role):
    """(app label, codename) pairs a role holds."""
    spec = ROLES[role]
    pairs = [(app, f"{action}_{model}") for app, model in CONTENT for action in spec["actions"]]
    return pairs + spec["extra"]


def ensure_permissions(apps):
    """Permissions are normally created after migrate; the groups need them now."""
    for label in {app for app, _ in CONTENT}:
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        # create_permissions skips app configs without a models module, as migration state's stubs are
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    for role in ROLES:
        wanted = role_permissions(role)
        perms = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_article_search_vector'),
        ('people', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': [models.OrderBy(models.F('published_at'), descending=True, nulls_last=True), '-pk'], 'permissions': [('publish_article', 'Can publish, unpublish and archive articles')]},
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
