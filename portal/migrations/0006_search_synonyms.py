"""Editors' synonyms (a snippet with drafts and revisions), and a ``synonyms`` outbox action.

Editors may add, change, publish and delete synonyms; the permissions are created here if
post_migrate has not created them yet (fresh databases), as in 0005.
"""

import django.db.models.deletion
from django.db import migrations, models


SYNONYM_CODENAMES = [
    "add_searchsynonym",
    "change_searchsynonym",
    "delete_searchsynonym",
    "view_searchsynonym",
    "publish_searchsynonym",
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="portal", model="searchsynonym")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} search synonym"},
        )[0]
        for codename in SYNONYM_CODENAMES
    ]
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label="portal", codename__in=SYNONYM_CODENAMES)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*found)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0005_search_permissions'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indexoutboxentry',
            name='action',
            field=models.CharField(choices=[('index', 'index'), ('remove', 'remove'), ('synonyms', 'synonyms')], max_length=10),
        ),
        migrations.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                ('terms_en', models.TextField(blank=True, help_text='Words or phrases readers use, one per line, for example “smog”.', verbose_name='English terms')),
                ('terms_vi', models.TextField(blank=True, help_text='Words or phrases readers use, one per line, for example “khói mù”.', verbose_name='Vietnamese terms')),
                ('terms_ind', models.TextField(blank=True, help_text='Words or phrases readers use, one per line, for example “kabut asap”.', verbose_name='Indonesian terms')),
                ('terms_th', models.TextField(blank=True, help_text='Words or phrases readers use, one per line, for example “หมอกควัน”.', verbose_name='Thai terms')),
                ('note', models.TextField(blank=True, help_text='Why these words mean the same thing; for editors only.', verbose_name='note')),
                ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
            ],
            options={
                'verbose_name': 'search synonym',
                'verbose_name_plural': 'search synonyms',
                'ordering': ['terms_en', 'pk'],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
