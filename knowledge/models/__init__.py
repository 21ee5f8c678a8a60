from knowledge.models.case_study import CaseStudyPage
from knowledge.models.case_study_index import CaseStudyIndexPage
from knowledge.models.certification import CertificationLevel, CityCertification
from knowledge.models.event import EventKind, EventPage
from knowledge.models.event_index import EventIndexPage
from knowledge.models.event_registration import EventRegistration
from knowledge.models.forum_report import ForumReportPage
from knowledge.models.forum_report_index import ForumReportIndexPage
from knowledge.models.taxonomy import Action, City, Country, Pollutant, Sector, Theme
from knowledge.models.training_material import TrainingMaterialPage
from knowledge.models.training_material_index import TrainingMaterialIndexPage
from knowledge.models.twinning import TwinningActionItem, TwinningPartnership

__all__ = [
    "Action",
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "CertificationLevel",
    "City",
    "CityCertification",
    "Country",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventRegistration",
    "ForumReportIndexPage",
    "ForumReportPage",
    "Pollutant",
    "Sector",
    "Theme",
    "TrainingMaterialIndexPage",
    "TrainingMaterialPage",
    "TwinningActionItem",
    "TwinningPartnership",
]

KNOWLEDGE_PAGE_MODELS = (CaseStudyPage, TrainingMaterialPage, ForumReportPage)
INDEX_PAGE_MODELS = (CaseStudyIndexPage, TrainingMaterialIndexPage, ForumReportIndexPage)
