"""Expert photos are served through the view that checks who may see them
(experts.photos.photo_view): the field names that storage, whose addresses are the view's, and is
indexed because the view finds the profile by its file name. The files stay where they are
(experts/photos/ in the media storage), so no file moves."""

import experts.photos
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0009_pending_changes_to_drafts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="expert",
            name="photo",
            field=models.ImageField(
                blank=True,
                db_index=True,
                storage=experts.photos.photo_storage,
                upload_to="experts/photos/",
                verbose_name="photo",
            ),
        ),
    ]
