from django.utils.translation import gettext_lazy as _

from knowledge.models.forum_report import ForumReportPage
from knowledge.models.index_base import KnowledgeIndexPage


class ForumReportIndexPage(KnowledgeIndexPage):
    subpage_types = ["knowledge.ForumReportPage"]
    item_model = ForumReportPage
    template_name = "knowledge/index_page.html"

    class Meta:
        verbose_name = _("forum reports index")
