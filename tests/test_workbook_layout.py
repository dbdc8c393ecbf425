"""The workbook's layout definition and an organisation's override file; Responses sheet names;
question columns across form versions."""

from __future__ import annotations

import json

import pytest
from openpyxl.utils import get_column_letter

from coimpact.extensions import db
from coimpact.models import Answer, Response, Variant
from coimpact.services.form_publishing import publish_form, remove_question
from coimpact.workbook.form_plans import merged_order, sheet_names
from coimpact.workbook.layout import DEFAULT_SHEETS, WorkbookLayoutError, default_layout
from coimpact.workbook.layout_file import apply_overrides
from tests.workbook_helpers import export_bytes, open_workbook, rows, table

CONTRACT = [
    "About",
    "Theory of Change",
    "Achievements",
    "Benefits",
    "Impact",
    "Evaluation & feedback",
    "Indicators",
    "Evidence",
    "Questions",
    "Responses",
    "Involvement",
    "Co-assessment",
    "Easy read",
    "Glossary",
]
OVERRIDE = {
    "_note": "Our funder's template, 2026",
    "Achievements": {
        "title": "What we achieved",
        "columns": {
            "outcome_ref": "Outcome no.",
            "narrative": {"heading": "What happened", "width": 70},
        },
    },
    "About": {"labels": {"lived_experience": "How members shaped this report"}},
    "Responses": {"columns": {"response_ref": "Reference"}},
}


def test_every_contract_sheet_is_defined_once():
    assert [sheet.name for sheet in DEFAULT_SHEETS.values()] == CONTRACT
    for sheet in DEFAULT_SHEETS.values():
        keys = [c.key for c in sheet.columns]
        assert len(keys) == len(set(keys)), sheet.name
        for column in sheet.columns:
            assert column.kind in {
                "text",
                "wrap",
                "date",
                "datetime",
                "integer",
                "number",
                "percent",
                "money",
            }


def test_override_file_in_the_instance_folder_changes_headings(app, make_form, tmp_path):
    link = make_form()
    (tmp_path / "workbook-layout.json").write_text(json.dumps(OVERRIDE))
    app.instance_path = str(tmp_path)
    book = open_workbook(export_bytes(link.form.project))
    header = rows(book["Achievements"])[0]
    assert header[0] == "Outcome no." and "What happened" in header and "Narrative" not in header
    letter = get_column_letter(header.index("What happened") + 1)
    assert book["Achievements"].column_dimensions[letter].width == 70
    assert book["Achievements"].oddHeader.left.text == "What we achieved"  # printed title
    about = [r[0] for r in rows(book["About"])]
    assert "How members shaped this report" in about
    assert rows(book["Responses - After the meeting"])[0][0] == "Reference"
    assert book.sheetnames[2] == "Achievements"  # names are a contract: never overridden


def test_override_named_by_setting(make_app, make_form, tmp_path):
    path = tmp_path / "ours.json"
    path.write_text(json.dumps({"Evidence": {"columns": {"text": "Words"}}}))
    app = make_app(COIMPACT_WORKBOOK_LAYOUT=str(path))
    with app.app_context():
        link = make_form()
        header = rows(open_workbook(export_bytes(link.form.project))["Evidence"])[0]
    assert "Words" in header and "Text" not in header


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"Achievements": {"name": "Wins"}}, "sheet names are fixed"),
        ({"Results": {}}, "no sheet called 'Results'"),
        ({"Evidence": {"columns": {"words": "Words"}}}, "no column 'words'"),
        ({"Evidence": {"columns": {"text": ""}}}, "must be a non-empty string"),
        ({"Evidence": {"columns": {"text": {"width": 900}}}}, "between 2 and 255"),
        ({"Evidence": {"columns": {"text": {"kind": "date"}}}}, "unknown setting 'kind'"),
        ({"About": {"labels": {"nonsense": "x"}}}, "no label 'nonsense'"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_bad_overrides_are_refused_with_one_message(data, message):
    with pytest.raises(WorkbookLayoutError, match=message):
        apply_overrides(default_layout(), data)


def test_cli_reports_a_broken_layout_file_in_one_line(app, runner, make_form, tmp_path):
    link = make_form()
    (tmp_path / "workbook-layout.json").write_text('{"Achievements": {"title": }')
    app.instance_path = str(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(args=["export", link.form.project.slug, "--out", str(out)])
    assert result.exit_code != 0 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "workbook-layout.json: not valid JSON (line 1" in line
    assert list(out.iterdir()) == []  # no workbook, not even half of one


def test_missing_layout_file_named_by_setting(make_app, runner, tmp_path):
    app = make_app(COIMPACT_WORKBOOK_LAYOUT=str(tmp_path / "missing.json"))
    with app.app_context():
        from coimpact.workbook.layout_file import current_layout

        with pytest.raises(WorkbookLayoutError, match="not a file"):
            current_layout(app.config, app.instance_path)


def test_sheet_names_are_short_valid_unique_and_stable():
    titles = [
        "After the meeting",
        "Being part of the group survey 2025",
        "Being part of the group survey 2026",
        "What: [new]/old? *stars*\\",
        "",
        "after THE meeting",
        "Ends with a quote'",
    ]
    reserved = ["About", "Evidence"]
    names = sheet_names("Responses - ", titles, reserved)
    assert names == sheet_names("Responses - ", titles, reserved)
    assert names[0] == "Responses - After the meeting"
    assert names[1] == "Responses - Being part of the…"
    assert names[2] == "Responses - Being part of… (2)"
    assert names[3] == "Responses - What new old stars"
    assert names[4] == "Responses - form"
    assert names[5] == "Responses - after THE meet… (2)"  # Excel ignores case
    assert names[6] == "Responses - Ends with a quote"
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert not any(set(n) & set("[]:*?/\\") for n in names)


def test_merged_order_keeps_form_order_across_versions():
    newest_first = [["a", "c", "d"], ["a", "b", "c"], ["z", "a"]]
    assert merged_order(newest_first) == ["z", "a", "b", "c", "d"]


def test_a_question_only_older_versions_asked_keeps_its_column(app, make_form):
    link = make_form()
    form = link.form
    version_one = form.versions[-1]
    response = Response(
        idempotency_key="old-version",
        project_id=form.project_id,
        form=form,
        form_version=version_one,
        variant=Variant.STANDARD,
        consent_given=True,
    )
    response.answers.append(
        Answer(question_key="venue", question_text="Where?", option_codes="c", position=2)
    )
    db.session.add(response)
    remove_question(next(q for q in form.questions if q.key == "venue"))
    publish_form(form)
    db.session.commit()
    book = open_workbook(export_bytes(form.project))
    header = rows(book["Responses - After the meeting"])[0]
    assert header[5:8] == ["name_of_group", "story", "venue"]
    (row,) = table(book["Responses - After the meeting"])
    assert row["venue"] == "Option c" and row["venue (code)"] == "c"
    venue = next(r for r in table(book["Questions"]) if r["Key"] == "venue")
    assert venue["Version"] == "1" and venue["Still asked?"] == "No"
    story = next(r for r in table(book["Questions"]) if r["Key"] == "story")
    assert story["Version"] == "1–2" and story["Still asked?"] == "Yes"
