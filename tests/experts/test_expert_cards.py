"""The directory's result cards, written in Python, are the markup the template's loop wrote."""

import pytest
from django.template import Context, Template
from django.utils import translation

from experts.factories import ExpertFactory
from experts.models import ExpertStatus
from experts.selectors import expert_display, expert_terms
from experts.selectors.profiles import expert_cards as read_cards
from experts.templatetags.experts_tags import expert_cards

pytestmark = pytest.mark.django_db

# What experts/directory.html rendered inside <ul class="expert-cards"> before.
TEMPLATE = Template(
    """{% load i18n %}{% autoescape on %}{% for expert, display in cards %}
      <li class="expert-card">
        <h3><a href="{{ expert.get_absolute_url }}">{{ display.name }}</a></h3>
        <p>{% if display.position %}<span{% if display.text_languages.position %} lang="{{ display.text_languages.position }}"{% endif %}>{{ display.position }}</span>{% endif %}{% if display.position and display.organisation %}, {% endif %}{% if display.organisation %}<span{% if display.text_languages.organisation %} lang="{{ display.text_languages.organisation }}"{% endif %}>{{ display.organisation }}</span>{% endif %}</p>
        <p>{{ display.city }}, {{ display.country }}{% if display.languages %} · {{ display.languages|join:", " }}{% endif %}</p>
        {% if display.actions %}<p class="expert-card__expertise">{{ display.actions|join:", " }}</p>{% endif %}
      </li>
      {% endfor %}{% endautoescape %}"""
)


@pytest.fixture
def cards(db):
    from knowledge.models import Action, City

    hanoi, bangkok = City.objects.get(slug="hanoi"), City.objects.get(slug="bangkok")
    actions = list(Action.objects.order_by("pk")[:2])
    experts = [
        ExpertFactory(
            name='Trần Thị "Lan" <b>',
            position="Air quality & monitoring lead",
            organisation="Hà Nội DONRE",
            city=hanoi,
            languages=["vi", "en"],
            actions=actions,
        ),
        # Position only, written in Thai alone (lang marks on an English page), no languages.
        ExpertFactory(
            name="สมชาย ใจดี", position_th="หัวหน้าฝ่าย", position="", organisation="", city=bangkok, languages=[]
        ),
        # Organisation only.
        ExpertFactory(name="Arief", position="", organisation="ITB", city=bangkok, languages=["id"]),
    ]
    terms = expert_terms(experts=experts)
    return [
        (expert, expert_display(expert=expert, member=False, card=True, terms=terms[expert.pk]))
        for expert in experts
    ]


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_the_cards_are_the_templates_markup_in_every_language(cards, language):
    with translation.override(language):
        expected = TEMPLATE.render(Context({"cards": cards}))
        assert str(expert_cards(cards)) == expected
    assert "Air quality &amp; monitoring lead" in expected  # the comparison covers escaping
    assert expected.count('<li class="expert-card">') == 3


@pytest.mark.parametrize("language", ["en", "vi", "id", "th"])
def test_cards_read_for_the_directory_show_what_the_profiles_rows_show(cards, language):
    # The directory reads its cards in one statement, labels from the cached vocabularies: a
    # reader sees the same cards as those made from the experts' rows (links, texts, lang marks).
    draft = ExpertFactory(name="Not yet", status=ExpertStatus.DRAFT)
    pks = [expert.pk for expert, _display in reversed(cards)]
    with translation.override(language):
        read = read_cards(pks=[pks[0], draft.pk, *pks[1:]])
        from_rows = [
            (
                expert,
                expert_display(
                    expert=expert, member=False, card=True, terms=expert_terms(experts=[expert])[expert.pk]
                ),
            )
            for expert, _display in reversed(cards)
        ]
        assert [card.pk for card, _display in read] == pks  # in the order asked, drafts left out
        assert str(expert_cards(read)) == str(expert_cards(from_rows))
