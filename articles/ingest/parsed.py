"""The values passed between the importing stages. Plain data, no ORM."""

from dataclasses import dataclass, field
from datetime import date, datetime


class ImportFailure(ValueError):
    """A document that cannot be imported; the message is a one-line reason for the editor."""


@dataclass
class Speaker:
    name: str
    role: str = ""
    organization: str = ""


@dataclass
class QuoteFound:
    person: str
    text: str
    direct: bool
    role: str = ""
    organization: str = ""
    position: int = 0
    # Where the statement stands in ParsedArticle.body: body[start:end] is the text it was read from
    # (a quotation's words, without the attribution); None when it could not be placed.
    start: int | None = None
    end: int | None = None


@dataclass
class ParsedArticle:
    title: str | None = None  # the headline as printed; None when the text shows none
    provisional_title: str = ""  # with no headline: a stand-in from the first sentence, for the editor
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    published: date | datetime | None = None
    dateline: str = ""
    standfirst: str = ""
    author_bio: str = ""
    photo_caption: str = ""
    photo_credit: str = ""
    paragraphs: list[str] = field(default_factory=list)
    people: list[Speaker] = field(default_factory=list)
    quotes: list[QuoteFound] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    raw_text: str = field(default="", repr=False)

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    @property
    def stored_title(self):
        """The title a draft is saved with: the printed headline, else the provisional one."""
        return self.title or self.provisional_title
