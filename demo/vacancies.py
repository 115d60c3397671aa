"""Fictitious vacancies for the embedded demo (`manage.py seed_demo`).

The facts (portfolios, rules, procedure steps, numbers) follow the five real postings in the
seeds folder; every text is written afresh and every person is invented. All dates are relative
to today, so the demo always has vacancies open for applications. Each vacancy is keyed on its
slug: a slug that exists already is left alone.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from vacancies.models import (
    Contact,
    DatePrecision,
    FaqEntry,
    Milestone,
    MilestoneDate,
    MilestoneKind,
    Portfolio,
    PostingLanguage,
    RepresentationTarget,
    Requirement,
    RequirementKind,
    SalaryPeriod,
    Vacancy,
    VacancyKind,
)
from vacancies.services import (
    deadline_from_local,
    vacancy_close,
    vacancy_extend_deadline,
    vacancy_publish,
)

AMSTERDAM = "Europe/Amsterdam"
COPENHAGEN = "Europe/Copenhagen"
END_OF_DAY = time(23, 59)
NOON = time(12, 0)
MUST = RequirementKind.MUST
NICE = RequirementKind.NICE


@dataclass
class DemoMilestone:
    kind: str
    title: str
    description: str
    dates: list[date]
    precision: str = DatePrecision.DAY


@dataclass
class DemoVacancy:
    slug: str
    fields: dict
    deadline: datetime  # the deadline it is created and published with (still in the future)
    portfolios: list[tuple[str, str]] = field(default_factory=list)
    requirements: list[tuple[str, str, int | None]] = field(default_factory=list)
    targets: list[tuple[str, int, str]] = field(default_factory=list)
    milestones: list[DemoMilestone] = field(default_factory=list)
    faq: list[tuple[str, str]] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    # Extended after publishing: (new deadline, reason shown to applicants).
    extension: tuple[datetime, str] | None = None
    # Closed after publishing: the deadline it is moved back to before closing.
    closed_deadline: datetime | None = None


def _deadline(day: date, at: time, time_zone: str = AMSTERDAM) -> datetime:
    return deadline_from_local(datetime.combine(day, at), time_zone)


def _month_start(day: date) -> date:
    """The first day of the month of ``day``, or of the next month when ``day`` is past the 1st."""
    if day.day == 1:
        return day
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _next_weekday(day: date, weekday: int) -> date:
    """``day`` itself or the first day after it that falls on ``weekday`` (Monday is 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _working_days(day: date, count: int) -> list[date]:
    """``count`` working days (Monday to Friday), starting at ``day`` or the first one after."""
    days: list[date] = []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _weekend(day: date) -> list[date]:
    """Friday to Sunday of the first weekend from ``day`` that misses Christmas and New Year's
    Day: the candidate-list interviews are held then."""
    friday = _next_weekday(day, 4)
    while True:
        weekend = [friday + timedelta(days=offset) for offset in range(3)]
        if not any((d.month, d.day) in {(12, 25), (12, 26), (1, 1)} for d in weekend):
            return weekend
        friday += timedelta(days=7)


# 1. Board call ---------------------------------------------------------------------------------

BOARD_BODY = """\
Het landelijk bestuur geeft leiding aan BIJ1, binnen de koers die de leden uitzetten op de
algemene ledenvergadering (ALV) en in de partijraad. Het bestuur maakt beleid dat de vereniging
dichter bij haar doelen brengt, zorgt dat de vereniging ook op lange termijn overeind blijft en
houdt de dagelijkse gang van zaken in het oog. Het partijbureau, het communicatieteam en het
afdelingsteam staan het bestuur bij; verantwoording legt het bestuur af aan de ALV.

## Wat houdt het in?

- Een vrijwillige functie naast je werk of studie, gemiddeld zo'n tien uur per week.
- Om de week vergadert het voltallige bestuur.
- Je neemt een portefeuille op je en pakt daarnaast samen met de anderen taken op.
- Het nieuwe bestuur verdeelt de functies zelf; de kandidatencommissie gaat daar niet over.

## Hoe wij besturen

Mensgericht, op zoek naar consensus en met oog voor balans. **Daadkracht**: wat we samen
bedenken, voeren we ook uit. **Teamgeest**: we treden op als één bestuur en bouwen op
vertrouwen en veiligheid. **Toewijding**: we staan achter gezamenlijke besluiten, ook naar
buiten toe, en het belang van de partij gaat voor.

## Zo solliciteer je

Stel je voor op jouw manier: met een brief, een korte video of een voicenote. Vertel waarom je
dit wilt, welke portefeuille(s) je aanspreken en welke kennis en ervaring je meebrengt. De
kandidatencommissie beoordeelt de reacties en voert kennismakingsgesprekken. Daarna stemmen de
leden op de ALV over de kandidaten die de commissie heeft beoordeeld.

Twijfel je nog of heb je een vraag? Neem gerust contact met ons op.
"""


def _board(today: date) -> DemoVacancy:
    return DemoVacancy(
        slug="landelijk-bestuur",
        fields={
            "kind": VacancyKind.BOARD,
            "language": PostingLanguage.DUTCH,
            "title": "Word lid van het landelijk bestuur",
            "summary": (
                "BIJ1 zoekt nieuwe bestuursleden voor zeven portefeuilles, van voorzitter tot "
                "ICT. Een vrijwillige rol van ongeveer tien uur per week voor leden die de partij "
                "willen helpen groeien."
            ),
            "body": BOARD_BODY,
            "members_only": True,
            "integrity_declaration_required": True,
            "is_paid": False,
            "hours_per_week_min": Decimal(10),
            "hours_per_week_max": Decimal(10),
            "location": "Landelijk",
            "representation_statement": (
                "BIJ1 is gebouwd op intersectionaliteit en op de vertegenwoordiging van mensen "
                "die de samenleving naar de rand duwt. Daarom nodigen we juist ook mensen uit "
                "gemarginaliseerde posities uit om te reageren."
            ),
        },
        deadline=_deadline(today + timedelta(days=21), END_OF_DAY),
        portfolios=[
            (
                "PR, communicatie en fondsenwerving",
                "Je bewaakt hoe BIJ1 naar buiten toe klinkt en zorgt samen met het "
                "communicatieteam en onze donateurs voor het geld om campagne te voeren.",
            ),
            (
                "Informatiebeveiliging & ICT",
                "Je zorgt dat onze systemen, ledengegevens en digitale werkplekken veilig en "
                "bruikbaar blijven.",
            ),
            (
                "Personeels- en vrijwilligerszaken",
                "Je draagt bestuurlijk zorg voor iedereen die voor BIJ1 werkt, betaald of als "
                "vrijwilliger, en voor goed werkgeverschap.",
            ),
            (
                "Grassroots organizing & campagnevoering",
                "Je helpt leden en afdelingen zich in hun eigen buurt te organiseren en geeft "
                "richting aan onze campagnes.",
            ),
            (
                "Penningmeester",
                "Je beheert de financiën van de vereniging, maakt begroting en jaarrekening en "
                "legt daarover verantwoording af aan de leden.",
            ),
            (
                "Secretaris",
                "Je houdt de verenigingsadministratie op orde, bereidt vergaderingen en de ALV "
                "voor en bewaakt dat besluiten worden vastgelegd en uitgevoerd.",
            ),
            (
                "Voorzitter",
                "Je leidt de bestuursvergaderingen, houdt het bestuur als team bij elkaar en bent "
                "een van de gezichten van de partij.",
            ),
        ],
        requirements=[
            (
                MUST,
                "Je onderschrijft de basisbeginselen van BIJ1: radicale gelijkwaardigheid en "
                "economische rechtvaardigheid.",
                3,
            ),
            (MUST, "Je hebt aantoonbare ervaring met minstens één van de zeven portefeuilles.", 3),
            (
                MUST,
                "Je denkt analytisch en strategisch mee en steekt ook zelf de handen uit de "
                "mouwen.",
                2,
            ),
            (
                MUST,
                "Je werkt zelfstandig én als deel van een team, kijkt kritisch naar jezelf en "
                "staat open voor feedback, kritiek en call-ins.",
                2,
            ),
            (
                MUST,
                "Je weet wat intersectionaliteit en dekolonisatie betekenen en kent "
                "onderdrukkende systemen zoals racisme, seksisme, validisme en "
                "LHBTQI+-discriminatie.",
                2,
            ),
            (MUST, "Je kunt tegen een stootje als er van buiten de partij weerstand komt.", 1),
            (
                NICE,
                "Je kunt vanuit je eigen ervaring spreken en ook gedeelde, collectieve "
                "ervaringen onder woorden brengen.",
                2,
            ),
            (NICE, "Je kent je eigen privileges en weet hoe die je kijk op de wereld kleuren.", 1),
            (NICE, "Je wilt blijven leren en groeit graag mee met een jonge beweging.", 1),
        ],
        milestones=[
            DemoMilestone(
                MilestoneKind.INTERVIEW_ROUND,
                "Kennismakingsgesprekken met de kandidatencommissie",
                "Je spreekt met twee leden van de commissie, online of op het partijbureau.",
                _working_days(today + timedelta(days=28), 2),
            ),
            DemoMilestone(
                MilestoneKind.ALV,
                "Stemming op de ALV",
                "De leden stemmen over de kandidaten die de commissie heeft beoordeeld.",
                [_next_weekday(today + timedelta(days=56), 5)],
            ),
        ],
        faq=[
            (
                "Kan ik op meer dan één portefeuille solliciteren?",
                "Ja. Geef in je sollicitatie aan welke portefeuilles je aanspreken en waarom. "
                "Welke functie je uiteindelijk krijgt, spreekt het gekozen bestuur onderling af; "
                "de kandidatencommissie gaat daar niet over.",
            ),
            (
                "Is dit een betaalde functie?",
                "Nee. Bestuurswerk bij BIJ1 is vrijwilligerswerk dat je naast een baan of studie "
                "doet. Reken op gemiddeld tien uur per week en om de week een "
                "bestuursvergadering.",
            ),
        ],
        contacts=[
            {
                "name": "Kandidatencommissie",
                "role": "Kandidatencommissie BIJ1",
                "topic": "Sollicitaties en de procedure",
                "email": "kandidatencommissie@example.org",
            },
            {
                "name": "Samira Oduya",
                "role": "Secretaris landelijk bestuur",
                "topic": "Vragen over het werk in het bestuur",
                "email": "bestuur@example.org",
                "phone": "+31 20 555 0101",
            },
        ],
    )


# 2. Candidate list for the Tweede Kamer ---------------------------------------------------------

LIST_BODY = """\
BIJ1 stelt een kandidatenlijst samen voor de komende Tweede Kamerverkiezingen, en we zoeken
mensen die zich willen inzetten voor een inclusieve samenleving. Een politieke opleiding of een
lange politieke loopbaan is niet nodig. Wat je weet uit je eigen leven, je werk en je contact
met de mensen om je heen weegt voor ons minstens zo zwaar. We zoeken kandidaten die laten zien
hoe divers Nederland is, en iedereen die de standpunten van BIJ1 in de Kamer wil verdedigen,
nodigen we uit om te reageren.

## Het werk in de Kamer

De fractie is een team van specialisten en generalisten. Als Kamerlid:

- lever je een stevige bijdrage aan debatten en kies je, zeker in een kleine fractie,
  strategisch wanneer je een motie, amendement of wetsvoorstel indient;
- zoek je samenwerking met andere partijen waar dat iets oplevert;
- houd je contact met deskundigen, maatschappelijke organisaties en belangenbehartigers,
  binnen en buiten de partij;
- vergader je wekelijks met de fractie en ben je er bij belangrijke debatten en stemmingen.

Medewerkers in Den Haag ondersteunen de fractie als deel van het team. Het werk is intensief
en vraagt veel flexibiliteit; daarom vragen we kandidaten om volledig beschikbaar te zijn.

## Zo solliciteer je

Mail je sollicitatie naar de kandidatencommissie, in de vorm die jou het beste laat zien: een
brief, een video of iets heel anders. Stuur het ingevulde integriteitsformulier mee en houd de
data van de gespreksrondes vrij. De gesprekken vinden plaats in een stad die voor alle
kandidaten goed bereikbaar is.
"""


def _candidate_list(today: date) -> DemoVacancy:
    election_day = _next_weekday(today + timedelta(days=300), 2)  # elections are on a Wednesday
    first_round = _weekend(today + timedelta(days=29))
    return DemoVacancy(
        slug="kandidatenlijst-tweede-kamer",
        fields={
            "kind": VacancyKind.CANDIDATE_LIST,
            "language": PostingLanguage.DUTCH,
            "title": "Kandidatenlijst Tweede Kamerverkiezingen",
            "summary": (
                "Wil jij BIJ1 een gezicht geven in de Tweede Kamer? We zoeken zo'n twintig "
                "kandidaten en tien lijstduwers, en politieke ervaring is daarvoor geen vereiste."
            ),
            "body": LIST_BODY,
            "members_only": False,
            "min_age": 18,
            "age_reference_date": election_day,
            "age_reference_label": "verkiezingsdag",
            "vog_required": True,
            "integrity_declaration_required": True,
            "is_paid": False,
            "list_target_candidates": 20,
            "list_target_pushers": 10,
            "list_max_size": 50,
            "representation_statement": (
                "We willen een kandidatenlijst die zo divers en inclusief mogelijk is. Ons "
                "streven: minstens de helft van de lijst bestaat uit vrouwxn, en minstens de "
                "helft uit mensen van kleur.\n\n"
                "Ook mensen uit andere gemarginaliseerde posities roepen we nadrukkelijk op te "
                "reageren, bijvoorbeeld vanwege hun seksuele oriëntatie of genderidentiteit, een "
                "beperking, hun geloof, hun klassenachtergrond of omdat ze ooit als vluchteling "
                "naar Nederland kwamen."
            ),
        },
        deadline=_deadline(today + timedelta(days=10), END_OF_DAY),
        extension=(
            _deadline(today + timedelta(days=25), END_OF_DAY),
            "We geven meer mensen de kans om te reageren, zodat de lijst zo divers mogelijk "
            "wordt. Heb je al gesolliciteerd, dan hoef je niets opnieuw te sturen.",
        ),
        requirements=[
            (
                MUST,
                "Je hebt een inclusieve kijk op de samenleving en vindt diversiteit en "
                "representatie op elk niveau belangrijk.",
                3,
            ),
            (
                MUST,
                "Je staat achter het programma van BIJ1 en de principes van radicale "
                "gelijkwaardigheid en economische rechtvaardigheid, en je kunt ze voelbaar "
                "overbrengen.",
                3,
            ),
            (MUST, "Je bent een teamspeler en wilt samenwerken binnen de fractie.", 2),
            (
                MUST,
                "Je beseft dat je als kandidaat een gezicht van BIJ1 bent, met de "
                "verantwoordelijkheid die daarbij hoort.",
                2,
            ),
            (
                MUST,
                "Je kijkt kritisch naar je eigen gedrag, gaat goed om met kritiek en houdt het "
                "hoofd koel onder druk.",
                2,
            ),
            (MUST, "Je investeert in goede banden met het bestuur en de afdelingen.", 1),
            (
                MUST,
                "Je bent beschikbaar om het Kamerwerk met volle inzet te doen en voert in de "
                "aanloop naar de verkiezingen actief campagne.",
                3,
            ),
            (MUST, "Je spreekt overtuigend in het openbaar en voelt je thuis in een debat.", 2),
            (
                MUST,
                "Je bent ervaringsdeskundige: je kennis van onze thema's komt uit je eigen leven "
                "en/of je werk.",
                2,
            ),
            (
                MUST,
                "Word je gekozen, dan zit je niet ook in een fractie in een gemeenteraad, in "
                "Provinciale Staten of in het Europees Parlement.",
                None,
            ),
            (NICE, "Je denkt actief mee over de strategie en het beleid van BIJ1.", 1),
            (
                NICE,
                "Je hebt een breed netwerk in de samenleving en zet dat graag in voor de "
                "campagne en het werk in de Kamer.",
                2,
            ),
            (
                NICE,
                "Je bent specialist op een beleidsterrein, of juist een generalist die zich "
                "nieuwe onderwerpen snel eigen maakt.",
                1,
            ),
        ],
        targets=[
            ("vrouwxn (vrouwen en non-binaire personen)", 50, "gender:woman"),
            ("mensen van kleur (niet-witte mensen)", 50, "colour:yes"),
        ],
        milestones=[
            DemoMilestone(
                MilestoneKind.INTERVIEW_ROUND,
                "Eerste gespreksronde",
                "Kennismakingsgesprekken met de kandidatencommissie. Je wordt op een van deze "
                "dagen uitgenodigd; houd ze daarom zo veel mogelijk vrij.",
                first_round + [day + timedelta(days=21) for day in first_round],
            ),
            DemoMilestone(
                MilestoneKind.INTERVIEW_ROUND,
                "Tweede gespreksronde",
                "Een verdiepend gesprek met de kandidaten die door zijn naar de tweede ronde.",
                _weekend(today + timedelta(days=79)),
            ),
            DemoMilestone(
                MilestoneKind.CONFIDENTIAL_NOTICE,
                "",
                "Je hoort vertrouwelijk op welke plek van de conceptlijst je staat.",
                [today + timedelta(days=95)],
            ),
            DemoMilestone(
                MilestoneKind.WITHDRAWAL_DEADLINE,
                "",
                "Tot en met deze dag kun je je nog van de conceptlijst terugtrekken.",
                [today + timedelta(days=97)],
            ),
            DemoMilestone(
                MilestoneKind.ALV,
                "ALV: stemming over de definitieve kandidatenlijst",
                "De precieze datum van de ledenvergadering volgt.",
                [_month_start(today + timedelta(days=150))],
                DatePrecision.MONTH,
            ),
        ],
        faq=[
            (
                "Wat houdt een plek op de kieslijst in?",
                "Als kandidaat vertegenwoordig je BIJ1 naar buiten toe tijdens de campagne. De "
                "lijst telt ongeveer twintig kandidaten plus een aantal lijstduwers. Kandidaten "
                "zijn in principe bereid en beschikbaar om een zetel in te nemen, en zetten zich "
                "naar vermogen in voor de campagne: op straat, aan de deur of in een "
                "verkiezingsdebat.",
            ),
            (
                "Hoeveel tijd kost het kandidaatschap?",
                "Iedereen die dat wil, moet kandidaat kunnen zijn. We vragen je daarom bij te "
                "dragen naar wat je kunt, en een vaste richtlijn geven we niet. Reken er wel op "
                "dat de campagne een paar maanden lang veel van je vrije tijd vraagt.",
            ),
            (
                "Hoe word ik als kandidaat begeleid?",
                "We bereiden je voor op de campagne en op een mogelijke plek in de Kamer. Je "
                "krijgt trainingen en begeleiding, vooral over hoe je jezelf als kandidaat "
                "neerzet en hoe je naar buiten toe communiceert.",
            ),
            (
                "Welke plekken zijn verkiesbaar?",
                "We volgen de peilingen om je daar een beeld van te geven. Maar ook wie niet "
                "meteen gekozen wordt, kan in de Kamer terechtkomen: als een Kamerlid met verlof "
                "gaat of uitvalt, of dankzij voorkeursstemmen.",
            ),
            (
                "Waar staat BIJ1 voor?",
                "Als kandidaat onderschrijf je het verkiezingsprogramma en draag je het uit. Lees "
                "het programma op onze website voor een goed beeld van onze standpunten.",
            ),
            (
                "Hoe zit het met mijn veiligheid?",
                "Wie zich in het openbaar aan BIJ1 verbindt, krijgt soms te maken met weerstand "
                "of haat, vaak online. Het bestuur werkt daarom met een protocol dat leden en "
                "kandidaten beschermt. In de gesprekken vertellen we je hoe dat werkt.",
            ),
        ],
        contacts=[
            {
                "name": "Kandidatencommissie",
                "role": "Kandidatencommissie BIJ1",
                "topic": "Sollicitaties en de procedure",
                "email": "kieslijst@example.org",
            },
        ],
    )


# 3. Staff job at the party office ----------------------------------------------------------------

STAFF_BODY = """\
Verkiezingen zijn voor BIJ1 het moment waarop alles samenkomt: de kandidatenlijsten, de
campagne en het werk van onze afdelingen door het hele land. Op het partijbureau in Den Haag
coördineert het programmateam verkiezingen dat werk. De komende jaren willen we de
voorbereiding toegankelijker, betrouwbaarder en beter uitvoerbaar maken, en stap voor stap meer
taken bij de afdelingen leggen. Daarvoor zoeken we een programmasecretaris.

## Wat ga je doen?

Je bent de rechterhand van de programmamanager verkiezingen. Je kijkt vooruit, pakt dingen uit
jezelf op en weet op elk moment hoe het met alle acties staat. Je werk bestaat onder meer uit:

- overleggen met afdelingsbesturen, de kandidatencommissie en andere partners plannen,
  voorbereiden en vastleggen;
- de voortgang van de verkiezingsplanning en de uitgaven van het programma bewaken;
- de mailbox verkiezingen beheren en vragen van afdelingen zelf beantwoorden, zo nodig met hulp
  van collega's;
- projectleiders helpen met planning, contractbeheer en inkoop, bijvoorbeeld van drukwerk;
- webinars en informatieavonden voor afdelingen organiseren en meedenken over hoe we hen
  sterker bij ons werk betrekken.

In overleg neem je ook inhoudelijke dossiers op je, zoals de kandidaatstelling of het indienen
van de lijsten.

## Je team

Je komt in een team van ongeveer twaalf collega's. Verkiezingen betekenen harde deadlines,
maar ook resultaten die je terugziet. We werken veel samen met het bestuur, de fractie, de
afdelingen en organisaties buiten de partij. Resultaatgericht, flexibel, collegiaal en met
plezier: zo werken we het liefst.
"""


def _staff(today: date) -> DemoVacancy:
    start = _month_start(today + timedelta(days=50))
    return DemoVacancy(
        slug="programmasecretaris-verkiezingen",
        fields={
            "kind": VacancyKind.STAFF,
            "language": PostingLanguage.DUTCH,
            "title": "Programmasecretaris verkiezingen",
            "summary": (
                "Als programmasecretaris ben je de rechterhand van de programmamanager "
                "verkiezingen op ons partijbureau in Den Haag. Je houdt overzicht, plant vooruit "
                "en zorgt dat partij en afdelingen klaar zijn voor de verkiezingen."
            ),
            "body": STAFF_BODY,
            "members_only": False,
            "cv_required": True,
            "is_paid": True,
            "hours_per_week_min": Decimal(40),
            "hours_per_week_max": Decimal(40),
            "location": "Den Haag",
            "salary_min": Decimal(3662),
            "salary_max": Decimal(5586),
            "salary_currency": "EUR",
            "salary_period": SalaryPeriod.MONTH,
            "salary_scale": "schaal 11",
            "education_level": "Master",
            "contract_type": "Bepaalde tijd (een jaar), met uitzicht op onbepaalde tijd",
            "start_date": start,
            "reference_number": "817",
            "fields": ["Sociaal / maatschappelijk", "Orde / vrede / veiligheid"],
            "terms": (
                "Je bouwt pensioen op in een pensioenfonds; BIJ1 betaalt het grootste deel van "
                "de premie. Verder krijg je 8 % vakantiegeld, een eindejaarsuitkering van 8,3 %, "
                "een thuiswerkvergoeding, je ov-reiskosten volledig vergoed en een eigen budget "
                "voor opleiding en ontwikkeling."
            ),
            "representation_statement": (
                "Verschillende achtergronden en perspectieven maken ons team slimmer en "
                "creatiever, en brengen ons dichter bij de mensen voor wie we werken. De "
                "democratie is van iedereen, dus iedereen hoort een kans te krijgen om eraan "
                "bij te dragen.\n\n"
                "Waar je wieg stond, wat je gelooft, hoe oud je bent of met wie je je leven "
                "deelt, doet er voor ons niet toe. We willen vooral weten wie jij bent."
            ),
        },
        deadline=_deadline(today + timedelta(days=9), END_OF_DAY),
        requirements=[
            (
                MUST,
                "Een afgeronde masteropleiding, of werk- en denkniveau op masterniveau.",
                2,
            ),
            (
                MUST,
                "Ervaring als secretaris, programmaondersteuner of in een andere coördinerende "
                "rol.",
                3,
            ),
            (
                MUST,
                "Je bent sterk in plannen en organiseren en houdt overzicht als er veel "
                "tegelijk gebeurt.",
                3,
            ),
            (MUST, "Je schrijft helder en legt afspraken nauwkeurig vast.", 2),
            (MUST, "Je werkt proactief en blijft rustig bij harde deadlines.", 2),
            (NICE, "Kennis van de Kieswet en van de kandidaatstelling.", 1),
            (NICE, "Ervaring met contractbeheer of inkoop- en aanbestedingsprocedures.", 1),
            (NICE, "Je voelt je thuis in een vrijwilligersorganisatie en deelt onze idealen.", 1),
        ],
        milestones=[
            DemoMilestone(
                MilestoneKind.INTERVIEW_ROUND,
                "Sollicitatiegesprekken",
                "Gesprekken op het partijbureau in Den Haag.",
                _working_days(today + timedelta(days=16), 2),
            ),
            DemoMilestone(MilestoneKind.START_DATE, "Eerste werkdag", "", [start]),
        ],
        contacts=[
            {
                "name": "Imane Bakkali",
                "role": "Programmamanager verkiezingen",
                "topic": "Vragen over de functie",
                "email": "i.bakkali@example.org",
                "phone": "+31 70 555 0142",
            },
            {
                "name": "Joris Wijnberg",
                "role": "HR-adviseur partijbureau",
                "topic": "Vragen over de sollicitatieprocedure",
                "email": "werken@example.org",
                "phone": "+31 70 555 0178",
            },
        ],
    )


# 4. Danish sister party: regional secretary ---------------------------------------------------

DANISH_BODY = """\
Vil du være med til at bygge et stærkere parti i Midtjylland? Som regionssekretær hjælper du
vores afdelinger med at vokse, få flere aktive medlemmer og blive en synlig del af de
bevægelser, der findes omkring dem. Samtidig skal du skabe bedre sammenhæng mellem det, vi
laver i kommunerne, i regionsrådet og på Christiansborg.

## Dine opgaver

**Sammen med afdelingerne**

- Du er sparringspartner i politiske og organisatoriske spørgsmål.
- Du sørger for, at viden og erfaringer deles på tværs af afdelingerne, også fra
  bevægelsesarbejdet på fx det faglige, det boligpolitiske og det grønne område.
- Du hjælper med at opbygge baggrundsgrupper for vores byrådsmedlemmer.

**For regionen**

- Du understøtter regionsbestyrelsen og dens samarbejde med afdelingerne.
- Du deltager i baggrundsgruppen for vores regionsrådsmedlemmer og laver undersøgelser, der
  kan blive til konkrete forslag.
- Du arbejder med presse og kommunikation, både internt og eksternt.
- Du hjælper med at holde konferencer, storkredsmøder, repræsentantskabsmøder og kurser for
  nye medlemmer.

**For landsorganisationen**

- Du er bindeleddet mellem landsorganisationen og afdelingerne.
- Du tilrettelægger politisk uddannelse og skolingsseminarer sammen med
  organisationsafdelingen, regionsbestyrelsen og vores folkevalgte.
- Du er med til at forberede organiseringen af valgkampe.

## Det tilbyder vi

Et politisk fællesskab med bestyrelser, baggrundsgrupper og aktive medlemmer, hvor du får reel
indflydelse på dagsordenen og på indholdet af dit eget arbejde. Du samarbejder med de øvrige
organisationsansatte og regionssekretærer, og du refererer til regionsbestyrelsen med et fast
bestyrelsesmedlem som nærmeste kontakt.

## Sådan søger du

Send din ansøgning på mail til Mette Kjærgaard Holm. Samtalerne holdes over to dage kort
efter fristen.
"""


def _danish(today: date) -> DemoVacancy:
    start = _month_start(today + timedelta(days=50))
    return DemoVacancy(
        slug="regionssekretaer-midtjylland",
        fields={
            "kind": VacancyKind.STAFF,
            "language": PostingLanguage.DANISH,
            "title": "Regionssekretær til Ligeværdslisten i Midtjylland",
            "summary": (
                "Ligeværdslisten i Region Midtjylland søger en organisatorisk og politisk "
                "regionssekretær på 28 timer om ugen. Du bliver bindeled mellem afdelingerne, "
                "regionsbestyrelsen og landsorganisationen, med base i Aarhus."
            ),
            "body": DANISH_BODY,
            "time_zone": COPENHAGEN,
            "members_only": False,  # membership of the sister party is a requirement instead
            "is_paid": True,
            "hours_per_week_min": Decimal(28),
            "hours_per_week_max": Decimal(28),
            "location": "Aarhus",
            "salary_min": Decimal(25858),
            "salary_currency": "DKK",
            "salary_period": SalaryPeriod.MONTH,
            "contract_type": "Fast stilling, 28 timer om ugen (årsnorm 1.456 timer)",
            "start_date": start,
            "start_date_note": "eller efter aftale",
            "terms": (
                "Partiet har enhedsløn, svarende til gennemsnitslønnen for en faglært "
                "metalarbejder i København: p.t. 25.858 kr. om måneden for 28 timer. Dertil "
                "kommer et fritvalgstillæg på 4 %. Pensionsordningen følger industriens "
                "overenskomst med 8 % fra arbejdsgiveren og 4 % fra dig selv. Overarbejde "
                "afspadseres time for time."
            ),
            "representation_statement": (
                "Vi arbejder for ligestilling mellem kønnene og mellem etniske grupper, og vi "
                "opfordrer alle til at søge uanset baggrund."
            ),
            "disability_priority_interview": True,
        },
        deadline=_deadline(today + timedelta(days=14), NOON, COPENHAGEN),
        requirements=[
            (
                MUST,
                "Du er medlem af Ligeværdslisten og kender partiets politik og organisation.",
                3,
            ),
            (MUST, "Du kan arbejde selvstændigt, tager initiativ og sætter ting i gang.", 3),
            (MUST, "Du kan prioritere din tid og får tingene gjort.", 2),
            (
                MUST,
                "Du bevarer overblikket, kan tænke både abstrakt og konkret og går gerne forrest.",
                2,
            ),
            (MUST, "Du har politisk og organisatorisk tæft og en naturlig autoritet.", 2),
            (NICE, "Du er fleksibel i måden, du løser opgaverne på.", 1),
            (NICE, "Du har erfaring med presse og kommunikation.", 1),
            (NICE, "Du har erfaring med at planlægge kurser, møder eller konferencer.", 1),
        ],
        milestones=[
            DemoMilestone(
                MilestoneKind.INTERVIEW_ROUND,
                "Ansættelsessamtaler",
                "Samtalerne foregår på regionskontoret i Aarhus.",
                _working_days(today + timedelta(days=19), 2),
            ),
        ],
        contacts=[
            {
                "name": "Mette Kjærgaard Holm",
                "role": "Formand for regionsbestyrelsen",
                "topic": "Spørgsmål om stillingen; ansøgninger sendes hertil",
                "email": "mette.holm@example.org",
                "phone": "+45 55 55 01 01",
            },
            {
                "name": "Rasmus Østergaard",
                "role": "Medlem af regionsbestyrelsen",
                "topic": "Spørgsmål om arbejdet med afdelingerne",
                "email": "rasmus.ostergaard@example.org",
                "phone": "+45 55 55 01 02",
            },
        ],
    )


# 5. A closed call: the audit committee --------------------------------------------------------

AUDIT_BODY = """\
Elk jaar legt het landelijk bestuur de jaarrekening voor aan de algemene ledenvergadering. De
kascommissie kijkt vooraf namens de leden mee: klopt de administratie, zijn de uitgaven goed
verantwoord en past het geheel bij de begroting die de leden hebben vastgesteld? De commissie
adviseert de ALV daarover.

- Samen met een ander commissielid controleer je de boeken over het afgelopen jaar.
- Je spreekt met de penningmeester en stelt kritische vragen.
- Je schrijft een kort verslag voor de ALV.

Het werk kost een paar dagdelen per jaar. Je zit niet in het bestuur en werkt niet voor de
partij, zodat je blik onafhankelijk blijft.
"""


def _audit_committee(today: date) -> DemoVacancy:
    return DemoVacancy(
        slug="kascommissie",
        fields={
            "kind": VacancyKind.OTHER,
            "language": PostingLanguage.DUTCH,
            "title": "Kascommissie",
            "summary": (
                "De ALV zoekt twee leden voor de kascommissie, die namens alle leden de "
                "jaarrekening en de financiële administratie van de partij controleert."
            ),
            "body": AUDIT_BODY,
            "members_only": True,
            "is_paid": False,
        },
        deadline=_deadline(today + timedelta(days=7), END_OF_DAY),
        closed_deadline=_deadline(today - timedelta(days=5), END_OF_DAY),
        requirements=[
            (
                MUST,
                "Je bent lid van BIJ1 en hebt geen functie in het landelijk bestuur of op het "
                "partijbureau.",
                None,
            ),
            (MUST, "Je kunt een jaarrekening lezen en durft door te vragen.", 2),
            (NICE, "Je hebt ervaring met boekhouden of financiële controle.", 1),
        ],
        milestones=[
            DemoMilestone(
                MilestoneKind.ALV,
                "Benoeming op de ALV",
                "De leden benoemen de nieuwe kascommissie.",
                [_next_weekday(today + timedelta(days=20), 5)],
            ),
        ],
        contacts=[
            {
                "name": "Secretariaat ALV",
                "role": "Partijbureau BIJ1",
                "topic": "Vragen over de kascommissie",
                "email": "alv@example.org",
            },
        ],
    )


# -------------------------------------------------------------------------------------------------


def _create(demo: DemoVacancy) -> Vacancy:
    vacancy = Vacancy.objects.create(slug=demo.slug, deadline=demo.deadline, **demo.fields)
    for order, (name, description) in enumerate(demo.portfolios, start=1):
        Portfolio.objects.create(vacancy=vacancy, name=name, description=description, order=order)
    for order, (kind, text, weight) in enumerate(demo.requirements, start=1):
        Requirement.objects.create(
            vacancy=vacancy, kind=kind, text=text, weight=weight, order=order
        )
    for order, (group, percent, counts) in enumerate(demo.targets, start=1):
        RepresentationTarget.objects.create(
            vacancy=vacancy, group=group, minimum_percent=percent, counts=counts, order=order
        )
    for order, item in enumerate(demo.milestones, start=1):
        milestone = Milestone.objects.create(
            vacancy=vacancy,
            kind=item.kind,
            title=item.title,
            description=item.description,
            order=order,
        )
        MilestoneDate.objects.bulk_create(
            MilestoneDate(milestone=milestone, date=day, precision=item.precision)
            for day in item.dates
        )
    for order, (question, answer) in enumerate(demo.faq, start=1):
        FaqEntry.objects.create(vacancy=vacancy, question=question, answer=answer, order=order)
    for order, contact in enumerate(demo.contacts, start=1):
        Contact.objects.create(vacancy=vacancy, order=order, **contact)

    vacancy = vacancy_publish(vacancy=vacancy, actor=None)
    if demo.extension is not None:
        new_deadline, reason = demo.extension
        vacancy_extend_deadline(
            vacancy=vacancy,
            new_deadline=new_deadline,
            reason=reason,
            early_applicants_keep_programme=True,
            actor=None,
        )
    if demo.closed_deadline is not None:
        # Pretend the call ran its course: posted three weeks before a deadline now passed.
        Vacancy.objects.filter(pk=vacancy.pk).update(
            deadline=demo.closed_deadline,
            published_at=demo.closed_deadline - timedelta(days=21),
        )
        vacancy_close(vacancy=vacancy, actor=None, reason="deadline passed")
    return vacancy


def seed(*, stdout) -> None:
    today = timezone.localdate()
    demos = [
        _board(today),
        _candidate_list(today),
        _staff(today),
        _danish(today),
        _audit_committee(today),
    ]
    existing = set(
        Vacancy.objects.filter(slug__in=[demo.slug for demo in demos]).values_list(
            "slug", flat=True
        )
    )
    created = 0
    for demo in demos:
        if demo.slug in existing:
            continue
        _create(demo)
        created += 1
    stdout.write(f"vacancies: {len(demos)} demo vacancies ({created} new)")
