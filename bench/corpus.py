"""The generated articles every benchmark uses: about 500 words of Markdown each, in the reference format."""

import random
from io import BytesIO
from pathlib import Path

TEXT = (
    "the desk checks every line twice before a story is trusted and the night editor reads it once more "
    "headlines stay short plain and true while the proof marks gather in the margin of a quiet page "
    "readers notice the rhythm of a column more than the width of a screen corrections come slowly"
)
WORDS = TEXT.split()
AUTHORS = 50
TAGS = 200
CALLS_TO_ACTION = 5


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def body(n: int, rng: random.Random) -> str:
    """Sections, a list, sometimes code, a table or a link."""
    blocks = [paragraph(rng)]
    for section in range(rng.randint(3, 5)):
        blocks.append(f"## Section {section + 1}: {sentence(rng)[:-1]}")
        blocks.extend(paragraph(rng) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            blocks.append("\n".join(f"- {sentence(rng)}" for _ in range(3)))
        if rng.random() < 0.15:
            blocks.append("```python\nfor line in story:\n    check(line)\n```")
        if rng.random() < 0.1:
            blocks.append("| desk | hours |\n| --- | ---: |\n| night | 8 |\n| day | 9 |")
        if rng.random() < 0.2:
            blocks.append(f"Read [the guide](https://example.org/guide/{n}) and *mind* the **margins**.")
    return "\n\n".join(blocks) + "\n"


def article(n: int, rng: random.Random, *, images: list[str], local_heroes: float) -> str:
    """One Markdown file with front matter: about 500 words, three tags of 200, one author of 50."""
    text = body(n, rng)
    tags = ", ".join(rng.sample([f"topic {t}" for t in range(TAGS)], k=3))
    hero = f"images/{rng.choice(images)}" if rng.random() < local_heroes else f"https://example.org/hero/{n}.jpg"
    front = [
        f"title: 'Article {n}: {sentence(rng)[:60]}'",
        f"subtitle: '{sentence(rng)}'",
        f"description: '{sentence(rng)}'",
        f"author: 'Writer {rng.randint(1, AUTHORS)}'",
        f"publish_date: '20{rng.randint(10, 25)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}'",
        f"heroImage: '{hero}'",
        f"cta: 'Call to action number {rng.randint(1, CALLS_TO_ACTION)}: follow us.'",
        f"tags: '{tags}'",
    ]
    return "---\n" + "\n".join(front) + "\n---\n\n" + text


def generate(folder: Path, count: int, *, local_heroes: float) -> None:
    """Write `count` Markdown files (and ten hero images) into `folder`."""
    from PIL import Image

    rng = random.Random(2025)
    (folder / "images").mkdir(parents=True)
    names = []
    for i in range(10):
        buffer = BytesIO()
        Image.new("RGB", (1200, 675), (i * 20, 80, 160)).save(buffer, "JPEG", quality=80)
        names.append(f"hero-{i}.jpg")
        (folder / "images" / names[-1]).write_bytes(buffer.getvalue())
    for n in range(count):
        (folder / f"article-{n:05}.md").write_text(
            article(n, rng, images=names, local_heroes=local_heroes), encoding="utf-8"
        )
