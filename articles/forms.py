"""Forms for the editorial side."""

from django import forms
from django.core.exceptions import ValidationError


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files in one field.

    Files are not validated here: the importer judges each one (an empty or
    binary file gets its own error line) so one bad file cannot block the rest.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [upload for upload in files if upload is not None and hasattr(upload, "read")]


class ImportArticlesForm(forms.Form):
    files = MultipleFileField(required=False, help_text="Text (.txt) or HTML files, one article each.")
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
        help_text="Or paste the text of one article.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("text", "").strip():
            raise ValidationError("Choose at least one file or paste an article's text.")
        return cleaned

    def documents(self):
        """(name, bytes) for every uploaded file and the pasted text."""
        found = [(upload.name, upload.read()) for upload in self.cleaned_data["files"]]
        if self.cleaned_data["text"].strip():
            found.append(("pasted text", self.cleaned_data["text"].encode("utf-8")))
        return found


class PlainTextField(forms.CharField):
    """Text with the browser's CRLF line endings turned into LF, as the importer stores text.

    Without it every admin save would change the body ("Changed Body.") even
    when nobody touched it.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class AddTagForm(forms.Form):
    """The tag the "Add a tag" admin action puts on the selected articles."""

    kind = forms.ChoiceField(choices=[("topics", "Topic"), ("places", "Place")], initial="topics")
    name = forms.CharField(max_length=100, help_text="An existing tag, or a new one.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter the tag's name.")
        return name
