"""Personal-detail flags and the quote-permission rule (plain logic)."""

import pytest

from coimpact.domain.pii import find_personal_details, redact
from coimpact.models import QuotePermission
from coimpact.reports.quote_permission import WITHHELD, shown_words


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Hello, my name is Sarah Jones and I like it", "name", "Sarah Jones"),
        ("write to sam.lee+group@example.org please", "email", "sam.lee+group@example.org"),
        ("ring me on 07700 900123 any time", "phone", "07700 900123"),
        ("or +44 7700 900123", "phone", "+44 7700 900123"),
        ("landline 0161 496 0000", "phone", "0161 496 0000"),
        ("I live at M1 1AE now", "postcode", "M1 1AE"),
        ("post to SW1A 1AA", "postcode", "SW1A 1AA"),
        ("my NHS number is 943 476 5919", "nhs_number", "943 476 5919"),
    ],
)
def test_personal_details_are_found(text, kind, found):
    findings = find_personal_details(text)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]


def test_ordinary_words_are_not_flagged():
    text = "I went to 12 meetings in 2025 and felt more confident. It was 5 out of 5."
    assert find_personal_details(text) == []


def test_redact_replaces_each_detail():
    text = "My name is Ali. Email ali@example.org or call 07700 900123."
    assert redact(text) == (
        "My name is [name removed]. Email [email address removed] or call [phone number removed]."
    )


def test_no_permission_withholds_the_words():
    shown = shown_words("I felt heard", QuotePermission.NO, "Ali")
    assert shown.withheld and shown.text == WITHHELD and shown.attribution == ""


def test_anonymous_permission_shows_words_without_a_name():
    shown = shown_words("I felt heard", QuotePermission.ANONYMOUS, "Ali")
    assert shown.text == "I felt heard" and shown.attribution == ""


def test_named_permission_shows_the_name():
    assert shown_words("I felt heard", QuotePermission.NAMED, " Ali ").attribution == "Ali"
