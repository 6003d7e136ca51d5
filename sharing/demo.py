"""Demo documents in every scope for Sterke Lekdijk."""

from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import Document, Scope


def _pdf(text: str) -> bytes:
    """A small valid one-page PDF with a line of text."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


DOCUMENTS = [
    # (username, title, scope, kind, description)
    (
        "opdrachtgever",
        "Projectplan Sterke Lekdijk",
        Scope.SHARED,
        Document.Kind.PLANNING,
        "Doelen, fasering en afspraken over samenwerking en kennisdeling.",
    ),
    (
        "opdrachtgever",
        "Beoordeling fase 1 – Dijkwerk Combinatie Lek",
        Scope.CONFIDENTIAL,
        Document.Kind.REPORT,
        "Tussentijdse beoordeling van de interim-doelen, alleen voor A.",
    ),
    (
        "aannemer-a",
        "Ontwerpnota kwelscherm met biobased damwand",
        Scope.CONFIDENTIAL,
        Document.Kind.REPORT,
        "Eigen oplossing van A voor deeltraject 2; vertrouwelijk.",
    ),
    (
        "aannemer-a",
        "Kostenraming deeltraject 2 (intern)",
        Scope.INTERNAL,
        Document.Kind.DATA,
        "Interne rekensheet, alleen voor A.",
    ),
    (
        "aannemer-a",
        "Ervaringen met elektrische graafmachines",
        Scope.SHARED,
        Document.Kind.REPORT,
        "Gedeelde lessen uit de eerste maanden met de materieelpool.",
    ),
    (
        "aannemer-b",
        "Variantenstudie dijkverhoging met grondverbetering",
        Scope.CONFIDENTIAL,
        Document.Kind.REPORT,
        "Oplossing van B; vertrouwelijk.",
    ),
    (
        "aannemer-b",
        "Inzetplanning materieel kwartaal 1",
        Scope.SHARED,
        Document.Kind.PLANNING,
        "Voorstel voor de gedeelde inzet van de pool.",
    ),
    (
        "aannemer-c",
        "Monitoringplan zettingen met glasvezel",
        Scope.CONFIDENTIAL,
        Document.Kind.REPORT,
        "Oplossing van C; vertrouwelijk.",
    ),
    (
        "aannemer-c",
        "Notitie interne werkvoorbereiding",
        Scope.INTERNAL,
        Document.Kind.OTHER,
        "Alleen voor C.",
    ),
]


def ensure_release_request(partnership, people) -> None:
    """The client asks contractor A to share its seepage screen with all partners."""
    from .models import ReleaseRequest

    doc = Document.objects.filter(
        partnership=partnership, title="Ontwerpnota kwelscherm met biobased damwand"
    ).first()
    if doc is None or ReleaseRequest.objects.filter(object_id=doc.pk).exists():
        return
    services.release_request_create(
        item=doc,
        actor=people.users["opdrachtgever"],
        purpose=(
            "Het kwelscherm kan op alle zes deeltrajecten werken. Wij willen de ontwerpnota "
            "delen zodat B en C hun ontwerpen erop kunnen afstemmen."
        ),
    )


def ensure_documents(partnership, people) -> int:
    created = 0
    for username, title, scope, kind, description in DOCUMENTS:
        if Document.objects.filter(partnership=partnership, title=title).exists():
            continue
        user = people.users[username]
        party = user.memberships.get(partnership=partnership).party
        upload = SimpleUploadedFile(
            f"{title[:40].replace(' ', '-').lower()}.pdf",
            _pdf(title),
            content_type="application/pdf",
        )
        services.document_upload(
            partnership=partnership,
            actor=user,
            owner_party=party,
            title=title,
            scope=scope,
            upload=upload,
            kind=kind,
            description=description,
        )
        created += 1
    return created


THREADS = [
    # (username, title, scope, tags, [(username, body), ...])
    (
        "opdrachtgever",
        "Inzet elektrische graafmachines in de pool",
        Scope.SHARED,
        ["materieel", "planning"],
        [
            (
                "opdrachtgever",
                "Welkom allemaal. Hoe verdelen we de **twee elektrische "
                "graafmachines** over de deeltrajecten in het voorjaar?",
            ),
            ("aannemer-b", "Wij hebben er in maart één nodig op deeltraject 3, twee weken."),
            ("aannemer-c", "Deeltraject 5 kan ook in april. Laadpunt bij de veerpont?"),
            ("opdrachtgever", "@aannemer-a, kunnen jullie de mobiele batterijcontainer delen?"),
        ],
    ),
    (
        "opdrachtgever",
        "Kennissessie kwelschermen",
        Scope.SHARED,
        ["kennisdeling"],
        [("opdrachtgever", "Op 12 maart een kennissessie over kwelschermen, iedereen welkom.")],
    ),
    (
        "aannemer-a",
        "Vertrouwelijk: biobased damwand, proefvak",
        Scope.CONFIDENTIAL,
        ["ontwerp"],
        [
            (
                "aannemer-a",
                "Het proefvak bij km 18 geeft goede resultaten; details in de ontwerpnota.",
            ),
            (
                "opdrachtgever",
                "Dank. Mogen we de meetresultaten met B en C delen? Dan vraag ik vrijgave aan.",
            ),
        ],
    ),
    (
        "aannemer-a",
        "Intern: planning proefvak",
        Scope.INTERNAL,
        [],
        [("aannemer-a", "Interne afstemming over de planning van het proefvak.")],
    ),
    (
        "aannemer-b",
        "Vertrouwelijk: grondverbetering deeltraject 3",
        Scope.CONFIDENTIAL,
        ["ontwerp"],
        [("aannemer-b", "Onze variant met grondverbetering, ter bespreking met HDSR.")],
    ),
]


def ensure_threads(partnership, people) -> int:
    from .models import Thread

    created = 0
    for owner, title, scope, tags, posts in THREADS:
        if Thread.objects.filter(partnership=partnership, title=title).exists():
            continue
        user = people.users[owner]
        party = user.memberships.get(partnership=partnership).party
        (first_author, first_body), rest = posts[0], posts[1:]
        thread = services.thread_create(
            partnership=partnership,
            actor=people.users[first_author],
            owner_party=party,
            title=title,
            scope=scope,
            body=first_body,
            tags=tags,
        )
        for author, body in rest:
            services.message_post(thread=thread, actor=people.users[author], body=body)
        created += 1
    return created


LESSONS = [
    # (username, title, scope, theme, phase, context, worked, did_not, advice, propose)
    (
        "aannemer-a",
        "Kwelscherm: eerst meten, dan ontwerpen",
        "confidential",
        "Techniek",
        "research",
        "Ons ontwerp voor het biobased kwelscherm ging uit van een doorlatendheid uit oude "
        "boringen. Op twee plekken bij Vreeswijk bleek de zandlaag dikker.",
        "Een proefvak van 50 meter met peilbuizen gaf in zes weken de cijfers die we nodig "
        "hadden. De opdrachtgever las mee en keurde de aanpak snel goed.",
        "We begonnen het ontwerp te vroeg; twee varianten waren achteraf overbodig.",
        "Reken een proefvak in de planning van de onderzoeksfase in; het verdient zich terug.",
        True,
    ),
    (
        "aannemer-b",
        "Elektrisch materieel op de kruin vraagt een laadplan per deeltraject",
        "shared",
        "Emissieloos materieel",
        "research",
        "Onze elektrische graafmachine stond twee dagen stil omdat de bouwstroom op "
        "deeltraject 3 niet op tijd was aangesloten.",
        "Een laadplan per deeltraject, gedeeld in de pool, met wie welke aansluiting gebruikt.",
        "Eén mobiele batterijcontainer voor drie machines was te krap.",
        "Leg netaansluitingen vast vóór de eerste boeking en plan laden mee in de pool.",
        False,
    ),
    (
        "aannemer-c",
        "Prijsopbouw grondverbetering: waar onze marge zit",
        "internal",
        "Kosten",
        "research",
        "Intern: hoe we de prijs van de variant met grondverbetering hebben opgebouwd.",
        "Door eigen grondstromen te hergebruiken bleef de variant concurrerend.",
        "",
        "Houd deze opbouw intern; deel alleen de uitgangspunten met HDSR.",
        False,
    ),
    (
        "opdrachtgever",
        "Praat met bewoners vóór het ontwerp vastligt",
        "shared",
        "Omgeving",
        "research",
        "Langs de Lekdijk wonen mensen met de voordeur aan de kruin. Bij eerdere "
        "dijkversterkingen hoorden zij pas van het ontwerp als het klaar was.",
        "Keukentafelgesprekken met de drie aannemers samen, per deeltraject, in de "
        "onderzoeksfase. Bewoners zagen varianten en gaven voorkeuren mee.",
        "Drie aannemers aan één keukentafel was soms te veel; we wisselden af.",
        "Plan omgevingsgesprekken in de onderzoeksfase en laat de aannemers meepraten, "
        "niet alleen de opdrachtgever.",
        True,
    ),
]


def ensure_lessons(partnership, people) -> int:
    """Workspace lessons in every scope; one waits for the client's consent, one is
    with the editors."""
    from portal.models import LessonIndexPage

    from .models import Lesson
    from .services import lessons as lesson_services

    created = 0
    for username, title, scope, theme, phase, context, worked, did_not, advice, propose in LESSONS:
        if Lesson.objects.filter(partnership=partnership, title=title).exists():
            continue
        user = people.users[username]
        party = user.memberships.get(partnership=partnership).party
        lesson = lesson_services.lesson_create(
            partnership=partnership,
            actor=user,
            owner_party=party,
            scope=scope,
            title=title,
            context=context,
            what_worked=worked,
            what_did_not=did_not,
            advice=advice,
            theme=theme,
            phase=phase,
        )
        if propose and LessonIndexPage.objects.exists():
            lesson_services.publication_propose(
                lesson=lesson,
                actor=user,
                note="Andere waterschappen kunnen hier direct iets mee.",
            )
        created += 1
    return created
