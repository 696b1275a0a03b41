"""The glossary (data/glossary/*.yml, one file per lesson): each term defined once in
the whole course."""

from __future__ import annotations

from pydantic import PrivateAttr

from hrcourse.content import ContentError, data_dir, load_yaml, yaml_files
from hrcourse.content.base import ContentModel, Items, parse

FOLDER = "glossary"


class Term(ContentModel):
    id: str
    term: str
    definition: str
    _file: str = PrivateAttr("")

    @property
    def file(self) -> str:
        """The glossary file that defines the term (data/ relative)."""
        return self._file


class GlossaryFile(ContentModel):
    terms: Items[Term]


def load_glossary() -> dict[str, Term]:
    """All terms, keyed by id; an id defined twice (in any files) is an error."""
    terms: dict[str, Term] = {}
    for path in yaml_files(FOLDER):
        relative = path.relative_to(data_dir())
        for term in parse(GlossaryFile, load_yaml(relative), relative).terms:
            if term.id in terms:
                raise ContentError(relative, f"term id '{term.id}' is also defined in "
                                             f"{terms[term.id].file}",
                                   entry=f"term {term.id}", field="id")
            term._file = relative.as_posix()
            terms[term.id] = term
    return terms


def terms_for(ids: list[str] | tuple[str, ...]) -> list[Term]:
    """The glossary's terms for `ids`, in that order; unknown ids are an error."""
    known = load_glossary()
    missing = [i for i in ids if i not in known]
    if missing:
        raise ContentError(FOLDER, f"term(s) not in the glossary: {', '.join(missing)}")
    return [known[i] for i in ids]
