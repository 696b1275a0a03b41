"""The JSON Schemas in data/schemas/ (one per content kind, for authors' editors) are
current, cover every data file, and agree with the models on the real data."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from hrcourse.content import schemas
from hrcourse.content.schemas import KINDS, schema_file

ROOT = Path(__file__).resolve().parent.parent


def test_the_schemas_and_the_editor_mapping_are_current():
    stale = schemas.stale(ROOT)
    assert not stale, (f"stale: {', '.join(str(p.relative_to(ROOT)) for p in stale)}; "
                       f"run: make schemas")


def test_a_changed_model_makes_its_schema_stale(tmp_path):
    for path, text in schemas.expected(ROOT).items():
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    assert schemas.stale(tmp_path) == []
    edited = tmp_path / "data" / schema_file("vignette")
    edited.write_text(edited.read_text().replace('"openness_start"', '"openness_begin"'))
    assert schemas.stale(tmp_path) == [edited]


def test_every_data_file_has_a_kind():
    covered = {p for _, globs in KINDS.values() for g in globs for p in (ROOT / "data").glob(g)}
    files = {p for p in (ROOT / "data").rglob("*.y*ml")}
    assert files and files <= covered, f"no kind for: {sorted(files - covered)}"


@pytest.mark.parametrize("kind", [k for k, (_, globs) in KINDS.items() if globs])
def test_the_real_data_passes_its_schema(kind):
    schema = json.loads((ROOT / "data" / schema_file(kind)).read_text())
    for glob in KINDS[kind][1]:
        for path in sorted((ROOT / "data").glob(glob)):
            raw = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
            jsonschema.validate(raw, schema)


def test_the_schema_catches_what_the_model_refuses():
    schema = json.loads((ROOT / "data" / schema_file("vignette")).read_text())
    raw = yaml.safe_load((ROOT / "data" / "vignettes" / "line-cook.yml").read_text())
    raw["scenes"]["first-meeting"]["choices"][0]["feedbak"] = "typo"
    with pytest.raises(jsonschema.ValidationError, match="feedbak"):
        jsonschema.validate(raw, schema)
