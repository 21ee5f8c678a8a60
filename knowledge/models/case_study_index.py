from django.utils.translation import gettext_lazy as _

from knowledge.models.case_study import CaseStudyPage
from knowledge.models.index_base import KnowledgeIndexPage


class CaseStudyIndexPage(KnowledgeIndexPage):
    subpage_types = ["knowledge.CaseStudyPage"]
    item_model = CaseStudyPage
    template_name = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("case studies index")
