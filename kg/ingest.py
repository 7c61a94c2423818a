"""Ingest: article files (and folders of them) -> Article records.

Every input is read and checked before anything is built, so a bad file stops the build with a
one-line error before the store is touched.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from .dates import find_publication_date, strip_trailing_date
from .errors import InputError
from .model import Article

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
MAX_BYTES = 5_000_000

# Web furniture that is never article text. Patterns match a whole line (case-insensitive).
BOILERPLATE_LINE = re.compile(
    r"""^(?:\d+\.\s*)?(?:
        skip\ to\ .*
      | accessibility\ links | breaking\ news | advertisement | sponsored(?:\ content)?
      | ie\ ?\d+\ is\ not\ supported.* | (?:please\ )?enable\ javascript.*
      | play\ video | watch(?:\ video|\ now|\ live)? | video | listen(?:\ to\ this\ article)?
      | share(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)? | (?:sign\ up|subscribe|log\ ?in|sign\ in)\b.*
      | read\ more.* | related(?:\ (?:stories|articles|topics|content|coverage))?:? | more\ from\ .* | more\ news\ from\ .*
      | see\ (?:also|related\ sites).* | note:\ pages\ will\ open.* | external\ sites\ are\ not\ endorsed.*
      | back\ to\ (?:the\ )?top | click\ here.* | (?:all\ rights\ reserved|copyright|©).* | cookies?\b.*
      | images?:.* | photo(?:s|graph)?:.* | \(photo\ credit.*\)
      | source:.* | /\ source:.* | author:.* | editor:.* | (?:published|updated?|posted)\b.{0,40}\d{4}.*
      | (?:https?://|www\.)\S+ | \S+\.(?:com|org|net)/\S*
      | (?:/\w+\s*)+ | \(?quicktime,\ real\ or\ windows\ media\)?.* | \w+\ edition
      | page\ \d+(?:\ of\ \d+)?
      | \(?(?:additional\ )?(?:reporting|writing|editing|compiled|produced|translated|graphics)(?:\ and\ \w+)?\ by\b.*
      | follow\ (?:us|\w+(?:\ \w+)?\ on)\b.* | contact\ (?:us|the\ author).* | (?:email|e-mail):?\ \S+@\S+
      | (?:most\ )?(?:read|popular|trending|recommended)(?:\ stories|\ now)? | newsletter.* | (?:get|download)\ the\ app.*
      | (?:this|the)\ (?:article|story)\ (?:was|has\ been)\ (?:updated|amended|corrected).*
      | (?:©|\(c\)).* | (?:\d+\ )?comments? | loading.* | ad | close
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A byline, perhaps with the outlet or the time after a comma, a bar or dashes ("By Jane Doe | Jan 29, 2025").
BYLINE = re.compile(r"^By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?: and [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3})?"
                    r"(?:\s*[,|•·]\s*.{0,40}|(?:\s+[-–—]\s+[^-–—]{1,30}){1,4})?$")  # "By X - Reporter - Agência Brasil"
# A credit line of reporters and their posts with no verb: "Jane Doe in Kyiv and John Roe in Warsaw".
_CREDIT_NAME = r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3} in [A-Z][\w'-]+(?: [A-Z][\w'-]+)?"
CREDIT_LINE = re.compile(rf"^{_CREDIT_NAME}(?:(?:,| and|, and) {_CREDIT_NAME})*$")
# A caption credit glued to the end of a text line: "...food shortages worsenImage: dapd".
TRAILING_CREDIT = re.compile(r"(?:Image|Photo|Picture|Credit)s?:\s*[\w./ -]{1,40}$")
# Agency credits inside a caption: "(photo credit: REUTERS)", "AFP PHOTO/ ...", "(Photo credit should read ...)".
INLINE_CREDIT = re.compile(r"\((?:photo|image|picture)s?\s+credit[^)]*\)\S*|\b[A-Z]{2,}\s+PHOTO\s*/[^.]*?(?=\(|$)|\.?\b(?:AFP|AP|Reuters|Getty Images)(?:\s*[-/]\s*(?:AFP|AP|Reuters|Getty Images))+$", re.I)
TITLE_MAX_WORDS = 22
HEADER_LINES = 15  # lines at the top where a publication date may stand


def iter_article_paths(paths: Iterable[str]) -> Iterator[tuple[str, Path]]:
    """(source as given, file path) for each article file under the given files or folders."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"{given}: no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                raise InputError(f"{given}: folder holds no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})")
            for file in files:
                yield str(file), file
        else:
            yield given, path


def read_text(path: Path, source: str) -> str:
    """The file's text, refusing what is not a readable text article."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"{source}: too large for an article ({len(raw):,} bytes; limit {MAX_BYTES:,})")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{source}: binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if _control_ratio(text) > 0.05:
        raise InputError(f"{source}: binary file, not text")
    if not text.strip():
        raise InputError(f"{source}: empty file")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(1, len(sample))


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "section", "article", "header", "title", "tr"}
    SKIP = {"script", "style", "nav", "footer", "aside", "noscript", "figure", "figcaption", "form"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    return html.unescape("".join(parser.parts))


def clean_lines(text: str) -> list[str]:
    """Article lines without web furniture; blank lines kept as paragraph breaks."""
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"\s+", " ", raw).strip()
        if line and (BOILERPLATE_LINE.match(line) or BYLINE.match(line)):
            continue
        if len(line.split()) > 3:
            line = INLINE_CREDIT.sub("", TRAILING_CREDIT.sub("", line)).strip()
            if len(line.split()) < 4 and not re.search(r"[.!?]$", line):
                continue
        lines.append(line)
    return lines


def drop_credit_lines(lines: list[str]) -> list[str]:
    """Reporters' credit lines ("Jane Doe in Kyiv and John Roe in Warsaw"): a reporter's name
    recurs nowhere else, while a headline of that shape ("Donald Tusk in Kyiv") names someone the
    story goes on to speak of."""
    text = "\n".join(lines)

    def credit(line: str) -> bool:
        if not CREDIT_LINE.match(line):
            return False
        names = re.findall(r"([A-Z][\w'-]+) in ", line)
        return not any(len(re.findall(rf"\b{re.escape(n)}\b", text)) > 1 for n in names)
    return [l for l in lines if not credit(l)]


def _is_title_candidate(line: str) -> bool:
    words = line.split()
    return 1 < len(words) <= TITLE_MAX_WORDS and not line.endswith((".", ":", ",")) and not line.startswith('"')


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """The headline (first short line that is not a sentence) and the lines after it."""
    for i, line in enumerate(lines[:12]):
        if not line:
            continue
        if _is_title_candidate(strip_trailing_date(line)) and not _is_date_line(line):
            return line, lines[:i] + lines[i + 1:]
        if len(line.split()) > TITLE_MAX_WORDS:
            break
    return None, lines


def paragraphs(lines: list[str]) -> str:
    """Paragraphs separated by blank lines. Hard-wrapped text (lines cut at a fixed width) is
    re-joined within blank-line blocks; otherwise every line is a paragraph of its own, so a
    caption or subheading never runs into the next sentence."""
    if _hard_wrapped(lines):
        blocks, current = [], []
        for line in lines + [""]:
            if line:
                current.append(line)
            elif current:
                blocks.append(" ".join(current))
                current = []
        return "\n\n".join(blocks)
    return "\n\n".join(line for line in lines if line)


def _hard_wrapped(lines: list[str]) -> bool:
    """True when most lines stop near one width and run on into the next line mid-sentence."""
    text_lines = [l for l in lines if l]
    if len(text_lines) < 6:
        return False
    widths = sorted(len(l) for l in text_lines)
    typical = widths[len(widths) * 3 // 4]
    run_on = sum(1 for a, b in zip(lines, lines[1:]) if a and b and not a.endswith((".", '"', "?", "!", ":")))
    return typical <= 100 and run_on > len(text_lines) / 2


def article_id_for(path: Path) -> str:
    return path.stem


def read_article(source: str, path: Path) -> Article:
    text = read_text(path, source)
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    lines = drop_credit_lines(clean_lines(text))
    if not any(lines):
        raise InputError(f"{source}: no article text left after removing page furniture")
    # The date is looked for before furniture is removed: "Published 14 June 2023" is furniture.
    published = find_publication_date([l.strip() for l in text.splitlines() if l.strip()][:HEADER_LINES])
    title, body_lines = split_title(lines)
    if title:
        clean_title = strip_trailing_date(title)
        body_lines = [clean_title, ""] + body_lines
        title = clean_title
    body = paragraphs(_drop_date_lines(body_lines))
    if len(body.split()) < 5:
        raise InputError(f"{source}: too little text to be an article ({len(body.split())} words)")
    return Article(article_id=article_id_for(path), source=source, title=title, published=published, text=body)


def _is_date_line(line: str) -> bool:
    """A line that is only a date, perhaps with a word or two ("Published 14 June 2023")."""
    if not line or find_publication_date([line]) is None:
        return False
    rest = strip_trailing_date(line)
    if rest != line:  # "Headline words - 2001-07-28": a headline with its date
        return len(rest.split()) <= 1
    return len(line.split()) <= 5


def _drop_date_lines(lines: list[str]) -> list[str]:
    """Lines that are only a date (a dateline under the headline) carry no sentences."""
    return [l for l in lines if not _is_date_line(l)]


def read_articles(paths: Iterable[str]) -> list[Article]:
    """Read and check every input before any is built; duplicate article ids are an error."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for source, path in iter_article_paths(paths):
        art = read_article(source, path)
        if art.article_id in seen and seen[art.article_id] != source:
            raise InputError(f"{source}: same article id {art.article_id!r} as {seen[art.article_id]} (rename one file)")
        seen[art.article_id] = source
        articles.append(art)
    if not articles:
        raise InputError("no article files given")
    return articles
