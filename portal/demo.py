"""Demo content of the public site: the home page and the site root."""

from wagtail.models import Page, Site

from .models import HomePage

HOME_INTRO = (
    "Overheden en bedrijven die samen iets nieuws ontwikkelen, delen hier wat ze leren. "
    "Zodat de volgende aanbestedende dienst slimmer kan starten."
)
HOME_BODY = (
    "<p>Een innovatiepartnerschap laat een overheid een oplossing die nog niet bestaat "
    "samen met bedrijven ontwikkelen én daarna inkopen, zonder nieuwe aanbesteding. "
    "Partnerwerk is de werkplaats van zulke partnerschappen: opdrachtgever en "
    "opdrachtnemers werken er samen, houden elkaars vertrouwelijke oplossingen "
    "gescheiden, en publiceren hun lessen.</p>"
)


def ensure_home() -> HomePage:
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title="Partnerwerk", slug="home", intro=HOME_INTRO, body=HOME_BODY)
        # Wagtail's initial "Welcome" page holds the slug "home" under the root.
        for page in root.get_children().filter(slug="home"):
            if page.specific_class is Page:
                page.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Partnerwerk",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Partnerwerk"
        site.save()
    for page in root.get_children().exclude(pk=home.pk):
        if page.specific_class is Page and page.slug.startswith("home"):
            page.delete()
    return home
