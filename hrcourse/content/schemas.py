"""Every content kind once: its model, its JSON Schema file and the data/ files it
describes, and the files generated from them: the schemas (data/schemas/<kind>.schema.json)
and the editor's mapping of data files to schemas (.vscode/settings.json), written by
tools/make_schemas.py (make schemas) and checked current by tests/test_schemas.py."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from hrcourse.content.course import Course
from hrcourse.content.criteria import ClassifyCases, Criteria
from hrcourse.content.dataset import Dataset
from hrcourse.content.glossary import GlossaryFile
from hrcourse.content.knowledge_check import KnowledgeCheck
from hrcourse.content.lesson import Lesson
from hrcourse.content.quiz_bank import QuizBank
from hrcourse.content.quiz_spec import QuizSpec
from hrcourse.content.relapse_plan import PlanTemplate
from hrcourse.content.screening import Screening
from hrcourse.content.selfcheck import SelfCheckFile
from hrcourse.content.sequence import Sequences
from hrcourse.content.stance import Instrument
from hrcourse.content.treatments import Catalogue
from hrcourse.content.vignette import Vignette

SCHEMAS = "schemas"  # under data/

# kind -> (model, the files of data/ it describes, as glob patterns)
KINDS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "course": (Course, ("course.yml",)),
    "lesson": (Lesson, ("lessons/*.yml",)),
    "vignette": (Vignette, ("vignettes/*.yml",)),
    "selfcheck": (SelfCheckFile, ("selfchecks/*.yml",)),
    "stance": (Instrument, ("stance.yml",)),
    "dsm5_criteria": (Criteria, ("dsm5_criteria.yml",)),
    "classify_cases": (ClassifyCases, ("classify_cases.yml",)),
    "treatments": (Catalogue, ("treatments.yml",)),
    "relapse_plan": (PlanTemplate, ("relapse_plan.yml",)),
    "glossary": (GlossaryFile, ("glossary/*.yml",)),
    "dataset": (Dataset, ("datasets/*.yml",)),
    "knowledge_check": (KnowledgeCheck, ("knowledge_check.yml",)),
    "screening": (Screening, ("screening.yml",)),
    "sequences": (Sequences, ("sequences.yml",)),
    "quiz_bank": (QuizBank, ("quizzes/*.yml",)),
    "quiz_spec": (QuizSpec, ()),  # instructors' private specs, outside data/
}


def schema_text(kind: str) -> str:
    """The JSON Schema of a kind, as written to data/schemas/<kind>.schema.json."""
    model, _ = KINDS[kind]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              **model.model_json_schema(mode="validation")}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> str:
    return f"{SCHEMAS}/{kind}.schema.json"


def editor_mapping(prefix: str = "data/") -> dict[str, list[str]]:
    """VS Code's `yaml.schemas` setting: schema file -> the data files it validates."""
    return {prefix + schema_file(kind): [prefix + g for g in globs]
            for kind, (_, globs) in KINDS.items() if globs}


def expected(root: Path) -> dict[Path, str]:
    """Every generated file under the repository `root`, with its content."""
    files = {root / "data" / schema_file(kind): schema_text(kind) for kind in KINDS}
    settings = {"yaml.schemas": editor_mapping()}
    files[root / ".vscode" / "settings.json"] = json.dumps(settings, indent=2) + "\n"
    return files


def stale(root: Path) -> list[Path]:
    """Generated files that are missing or differ from what the models give."""
    return [path for path, text in expected(root).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]
