from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's placeholder welcome page with the portal's home page as the site root."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")

    Locale = apps.get_model("wagtailcore.Locale")

    # Wagtail's own migrations created the root's one child, "Welcome to your new Wagtail site!".
    Page.objects.filter(depth=2, url_path="/home/").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    homepage = HomePage.objects.create(
        title="Clean Air Knowledge Exchange",
        draft_title="Clean Air Knowledge Exchange",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True, site_name="Clean Air Knowledge Exchange")


def remove_homepage(apps, schema_editor):
    apps.get_model("portal.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
