"""Every PDF variant reportgen accepts, proven by an independent validator.

page-validation (a Rust checker that passes the veraPDF and Isartor corpora, from
PyPI, offline) checks each PDF against every profile its variant claims: the default
brief's full and summary outputs, the project `reportgen init` writes, and a project
whose lists, table and definition list split across pages. Zero failures, no
exceptions. Each variant is laid out once per document; the checks then run on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import page
import pytest

from conftest import REPO
from reportgen.model.config import PdfVariant
from reportgen.pdf.variants import RECOMMENDED, VARIANTS
from reportgen.scaffold import init_project
from tagged import Renders, write_long_lists

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    return Renders(REPO, ("full", "summary"), tmp_path_factory.mktemp("brief"))


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    folder = tmp_path_factory.mktemp("init") / "brief"
    init_project(folder, "A New Brief")
    return Renders(folder, ("full",), tmp_path_factory.mktemp("init-out"))


@pytest.fixture(scope="module")
def long_lists(  # with a half-transparent PNG logo on the cover
    tmp_path_factory: pytest.TempPathFactory,
) -> Renders:
    folder = write_long_lists(tmp_path_factory.mktemp("long-lists"))
    return Renders(folder, ("full", "footnoted"), tmp_path_factory.mktemp("long-out"))


def failures(pdf: Path, profiles: tuple[str, ...]) -> list[str]:
    """What the validator finds wrong with a PDF, for each profile, one line each."""
    found = []
    for profile in profiles:
        report = page.validate_pdf(pdf, profile=profile)
        found += [f"{pdf.name} {profile}: {f.rule_id}: {f.message}" for f in report.failures]
        if not report.failures and not report.is_compliant:
            found.append(f"{pdf.name} {profile}: not compliant, with no failure listed")
    return found


def test_the_variants_are_the_ones_the_config_accepts() -> None:
    assert set(get_args(PdfVariant)) == set(VARIANTS)
    profiles = {profile.value for profile in page.ValidationProfile}
    for variant in VARIANTS.values():
        assert variant.profiles and set(variant.profiles) <= profiles, variant.name
    assert set(VARIANTS[RECOMMENDED].profiles) == {"2a", "ua1"}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_default_brief_passes_every_check_of_its_variant(brief: Renders, variant: str) -> None:
    pdfs = brief.get(variant)
    assert set(pdfs) == {"full", "summary"}
    problems = [p for pdf in pdfs.values() for p in failures(pdf, VARIANTS[variant].profiles)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_new_project_passes_every_check_of_its_variant(started: Renders, variant: str) -> None:
    problems = failures(started.get(variant)["full"], VARIANTS[variant].profiles)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "variant", ["pdf/ua-1", "pdf/a-2a+ua-1", "pdf/a-3a+ua-1", "pdf/a-1a", "pdf/a-1b", "pdf/a-2b"]
)
def test_lists_tables_and_a_transparent_logo_pass(long_lists: Renders, variant: str) -> None:
    pdfs = long_lists.get(variant)
    problems = [p for pdf in pdfs.values() for p in failures(pdf, VARIANTS[variant].profiles)]
    assert not problems, "\n".join(problems)


def test_combined_variants_claim_both_standards_in_their_metadata(brief: Renders) -> None:
    from pypdf import PdfReader

    for name, part in (("pdf/a-2a+ua-1", "2"), ("pdf/a-3a+ua-1", "3")):
        root = PdfReader(brief.get(name)["summary"]).trailer["/Root"]
        metadata = root["/Metadata"].get_object()
        assert "/Filter" not in metadata, "the XMP metadata is written uncompressed"
        xmp = metadata.get_data().decode()
        assert f'pdfaid:part="{part}"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
