"""StreamField blocks of the public site, each with its own template.

Guidance and case stories mix these freely; one block per kind of content
keeps the pages consistent and lets the templates stay accessible.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEMPLATES = "components/blocks/"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("tekst"), help_text=_("De tussenkop."))
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Kop 2")), ("h3", _("Kop 3"))],
        default="h2",
        help_text=_("Kop 2 voor een hoofdstuk, kop 3 daaronder."),
    )

    class Meta:
        icon = "title"
        label = _("Tussenkop")
        template = TEMPLATES + "heading.html"


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Tekst")
        template = TEMPLATES + "rich_text.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titel"), help_text=_("Waar het kader over gaat."))
    text = blocks.RichTextBlock(
        label=_("tekst"), features=["bold", "italic", "link"], help_text=_("Kort en krachtig.")
    )

    class Meta:
        icon = "warning"
        label = _("Uitgelicht kader")
        template = TEMPLATES + "callout.html"


class StepsBlock(blocks.StructBlock):
    steps = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("title", blocks.CharBlock(label=_("stap"), help_text=_("Wat je doet."))),
                (
                    "text",
                    blocks.TextBlock(
                        label=_("toelichting"), required=False, help_text=_("Hoe en waarom.")
                    ),
                ),
            ]
        ),
        label=_("stappen"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Genummerde stappen")
        template = TEMPLATES + "steps.html"


class QuestionsBlock(blocks.StructBlock):
    items = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("question", blocks.CharBlock(label=_("vraag"), help_text=_("De vraag."))),
                (
                    "answer",
                    blocks.RichTextBlock(
                        label=_("antwoord"),
                        features=["bold", "italic", "link", "ul"],
                        help_text=_("Het antwoord, zo kort als het kan."),
                    ),
                ),
            ]
        ),
        label=_("vragen en antwoorden"),
    )

    class Meta:
        icon = "help"
        label = _("Vragen en antwoorden")
        template = TEMPLATES + "questions.html"


class DocumentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("titel"), required=False, help_text=_("Bijvoorbeeld: Om te downloaden.")
    )
    documents = blocks.ListBlock(
        DocumentChooserBlock(label=_("document"), help_text=_("Een document uit de bibliotheek.")),
        label=_("documenten"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Documenten")
        template = TEMPLATES + "documents.html"


class KeyFiguresBlock(blocks.StructBlock):
    figures = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("value", blocks.CharBlock(label=_("getal"), help_text=_("Bijvoorbeeld: 55 km."))),
                ("label", blocks.CharBlock(label=_("betekenis"), help_text=_("Wat het getal is."))),
            ]
        ),
        label=_("kerncijfers"),
    )

    class Meta:
        icon = "table"
        label = _("Kerncijfers")
        template = TEMPLATES + "key_figures.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citaat"), help_text=_("Letterlijk wat iemand zei."))
    author = blocks.CharBlock(label=_("wie"), help_text=_("Naam en functie."))

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = TEMPLATES + "quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("afbeelding"), help_text=_("Een foto of tekening."))
    alt = blocks.CharBlock(
        label=_("alternatieve tekst"),
        required=False,
        help_text=_("Wat op de afbeelding te zien is; leeg voor een sierafbeelding."),
    )
    caption = blocks.CharBlock(
        label=_("bijschrift"), required=False, help_text=_("Wat de lezer moet weten, met bron.")
    )

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = TEMPLATES + "image.html"


def guidance_blocks():
    return [
        ("heading", HeadingBlock()),
        ("text", RichTextBlock(help_text=_("Lopende tekst met tussenkopjes, lijsten en links."))),
        ("callout", CalloutBlock()),
        ("steps", StepsBlock()),
        ("questions", QuestionsBlock()),
        ("documents", DocumentsBlock()),
        ("key_figures", KeyFiguresBlock()),
    ]


def story_blocks():
    return [
        ("heading", HeadingBlock()),
        ("text", RichTextBlock(help_text=_("Lopende tekst met tussenkopjes, lijsten en links."))),
        ("quote", QuoteBlock()),
        ("image", ImageBlock()),
        ("key_figures", KeyFiguresBlock()),
        ("callout", CalloutBlock()),
    ]
