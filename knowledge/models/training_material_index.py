from django.utils.translation import gettext_lazy as _

from knowledge.models.index_base import KnowledgeIndexPage
from knowledge.models.training_material import TrainingMaterialPage


class TrainingMaterialIndexPage(KnowledgeIndexPage):
    subpage_types = ["knowledge.TrainingMaterialPage"]
    item_model = TrainingMaterialPage
    template_name = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("training materials index")
