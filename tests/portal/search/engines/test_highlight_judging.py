"""Which of a page's texts get a snippet: the texts holding a word the query marks, judged for
one field's texts together (portal/search/engines/embedded/highlights.py, _marked_texts)."""

import pytest

from portal.search.engines.embedded.analysis import LATIN, SEGMENTED
from portal.search.engines.embedded.highlights import _marked_texts
from portal.search.engines.embedded.planning import _Plan


@pytest.mark.parametrize("analyzer", [SEGMENTED, LATIN])
def test_only_the_texts_holding_a_marked_word_get_a_snippet(analyzer):
    plan = _Plan(query=None, phrases={"ha", "noi"})
    matched, marked = _marked_texts(analyzer, plan, ["Nguyễn Thị Hà", "Trần Văn An", "HÀ  NỘI\tcity"])
    assert matched == {"ha", "noi"}
    assert marked == {"Nguyễn Thị Hà", "HÀ  NỘI\tcity"}


def test_a_field_without_a_marked_word_gets_no_snippet():
    plan = _Plan(query=None, phrases={"bangkok"})
    assert _marked_texts(SEGMENTED, plan, ["Nguyễn Thị Hà", ""]) == (set(), set())
