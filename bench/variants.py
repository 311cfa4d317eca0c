"""Generate distinct handout variants from the example handouts, for timing library builds.

Each variant alternates between the examples (English, Spanish, ...) and differs from every other
in content: its title carries its number, and a seeded random choice shuffles one bullet list,
duplicates a paragraph and swaps a word for another. The changes keep every variant valid for
``handoutkit check`` (no errors, and no new warnings: explanations still come before later uses).

Usage: ``python bench/variants.py OUT_DIR [--count 200] [--source FILE.yaml ...]``
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = (
    ROOT / "source" / "biological-therapy-for-cancer.yaml",
    ROOT / "source" / "terapia-biologica-contra-el-cancer.yaml",
)
# Word swaps that keep the sentence length and reading level about the same, per language.
SWAPS = {
    "en": (("closely", "carefully"), ("often", "usually"), ("help", "aid"), ("Ask", "Check"), ("very", "really")),
    "es": (("mucho", "bastante"), ("pueden", "suelen"), ("también", "además"), ("Pregunte", "Consulte")),
}
EDITION = {"en": "Edition", "es": "Edición"}


def load(path: Path) -> dict[str, Any]:
    """A handout as plain data (C loader when PyYAML has it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return data


def paragraphs(handout: dict[str, Any]) -> list[tuple[list[Any], int]]:
    """Where every plain paragraph is: (its section's block list, its index there)."""
    return [
        (section["blocks"], index)
        for section in handout["sections"]
        for index, block in enumerate(section["blocks"])
        if isinstance(block, str)
    ]


def shuffle_a_list(handout: dict[str, Any], rng: random.Random) -> None:
    """Shuffle the items of one bullet list of the last sections (none explains a term used later)."""
    lists = [
        block["bullets"]
        for section in handout["sections"][4:]
        for block in section["blocks"]
        if isinstance(block, dict) and "bullets" in block
    ]
    if lists:
        rng.shuffle(rng.choice(lists))


def duplicate_a_paragraph(handout: dict[str, Any], rng: random.Random) -> None:
    """Repeat one paragraph right after itself."""
    blocks, index = rng.choice(paragraphs(handout))
    blocks.insert(index + 1, blocks[index])


def swap_a_word(handout: dict[str, Any], rng: random.Random) -> None:
    """Replace the first use of one word in one paragraph that has it."""
    swaps = SWAPS.get(str(handout.get("language", "en"))[:2], SWAPS["en"])
    for old, new in rng.sample(swaps, len(swaps)):
        found = [(blocks, i) for blocks, i in paragraphs(handout) if f" {old} " in f" {blocks[i]} "]
        if found:
            blocks, index = rng.choice(found)
            blocks[index] = f" {blocks[index]} ".replace(f" {old} ", f" {new} ", 1).strip()
            return


def variant(example: dict[str, Any], number: int) -> dict[str, Any]:
    """Variant ``number`` (1-based) of ``example``: a deep copy with its own title and changes."""
    handout = copy.deepcopy(example)
    rng = random.Random(number)
    language = str(handout.get("language", "en"))[:2]
    handout["title"] = f"{handout['title']} ({EDITION.get(language, 'Edition')} {number})"
    shuffle_a_list(handout, rng)
    duplicate_a_paragraph(handout, rng)
    swap_a_word(handout, rng)
    return handout


def generate(out: Path, count: int, sources: tuple[Path, ...] = EXAMPLES) -> list[Path]:
    """Write ``count`` variants to ``out`` as ``NNN-NAME.yaml``, alternating between ``sources``."""
    out.mkdir(parents=True, exist_ok=True)
    for folder in {path.parent / "images" for path in sources}:  # the pictures the handouts show
        if folder.is_dir():
            shutil.copytree(folder, out / "images", dirs_exist_ok=True)
    examples = [(path.stem, load(path)) for path in sources]
    written: list[Path] = []
    for number in range(1, count + 1):
        stem, example = examples[(number - 1) % len(examples)]
        path = out / f"{number:03d}-{stem}.yaml"
        text = yaml.safe_dump(variant(example, number), allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    """Command line: write the variants and say how many."""
    parser = argparse.ArgumentParser(description="Generate distinct handout variants for the benchmark.")
    parser.add_argument("out", type=Path, help="folder to write NNN-NAME.yaml files into")
    parser.add_argument("--count", type=int, default=200, help="how many variants (default 200)")
    parser.add_argument("--source", type=Path, nargs="+", default=list(EXAMPLES), help="example handouts")
    args = parser.parse_args(argv)
    written = generate(args.out, args.count, tuple(args.source))
    print(f"wrote {len(written)} variants to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
