"""Pages of type ``autre``: what else lands in a deposit (cover letters, contracts, terms of sale,
bank and tax certificates, meeting notes, plain French prose). They train the classifier to
leave a page untyped when it is none of the deposit's documents, including pages that speak of
invoices, acceptance or orders in passing without being one.
"""

from __future__ import annotations

import numpy as np

CITIES = ("Lyon", "Rennes", "Lille", "Nantes", "Toulouse", "Bordeaux", "Dijon", "Metz", "Tours")
COMPANIES = (
    "BioLogiciels SAS",
    "Medilab Systèmes",
    "Santé Numérique Conseil",
    "Cabinet Durand & Associés",
    "Laboratoire des Trois Rivières",
    "Groupe Analyses Ouest",
)
PEOPLE = ("Claire Martin", "Paul Lefèvre", "Inès Moreau", "Hugo Bernard", "Léa Fournier")

LETTER_BODIES = (
    "Nous accusons réception de votre courrier du {date} et vous en remercions.",
    "Veuillez trouver ci-joint les pièces demandées pour compléter votre dossier.",
    "Nous restons à votre disposition pour tout renseignement complémentaire.",
    "Suite à notre entretien téléphonique, je vous confirme les éléments suivants.",
    "La mise en service de la nouvelle version est prévue pour le mois prochain.",
    "Les pièces justificatives (facture et attestation) vous ont été adressées par ailleurs.",
    "Nous vous prions de bien vouloir nous retourner le document signé avant le {date}.",
    "Votre demande a bien été enregistrée sous la référence {ref}.",
    "Le paiement interviendra après réception de l'ensemble des justificatifs.",
    "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
)
CONTRACT_CLAUSES = (
    "Article {n} – Objet. Le présent contrat a pour objet la maintenance du logiciel.",
    "Article {n} – Durée. Le contrat est conclu pour une durée de trois ans à compter du {date}.",
    "Article {n} – Prix. Les prestations sont rémunérées selon l'annexe financière.",
    "Article {n} – Résiliation. Chaque partie peut résilier par lettre recommandée.",
    "Article {n} – Confidentialité. Les parties s'engagent à garder secrètes les informations.",
    "Article {n} – Responsabilité. Le prestataire est tenu d'une obligation de moyens.",
    "Article {n} – Recette. Les livrables sont soumis à la validation du client.",
    "Article {n} – Litiges. Tout différend relève du tribunal de commerce de {city}.",
    "Article {n} – Données personnelles. Les traitements respectent le RGPD.",
)
TERMS = (
    "Les présentes conditions générales s'appliquent à toute commande passée auprès du vendeur.",
    "Les prix s'entendent hors taxes, la TVA étant facturée au taux en vigueur.",
    "Tout retard de paiement entraîne des pénalités égales à trois fois le taux d'intérêt légal.",
    "Une indemnité forfaitaire de 40 euros pour frais de recouvrement est due.",
    "Le transfert de propriété n'intervient qu'au complet paiement du prix.",
    "Le client dispose d'un délai de huit jours pour formuler ses éventuelles réclamations.",
    "Les présentes conditions sont soumises au droit français.",
)
CERTIFICATES = (
    ("RELEVÉ D'IDENTITÉ BANCAIRE", "Titulaire du compte : {company}", "Domiciliation : {city}"),
    ("ATTESTATION DE VIGILANCE", "L'URSSAF atteste que {company} est à jour", "de ses cotisations"),
    ("ATTESTATION DE RÉGULARITÉ FISCALE", "{company} a souscrit ses déclarations", "fiscales"),
    ("EXTRAIT KBIS", "Immatriculation au registre du commerce de {city}", "Gérant : {person}"),
    ("ATTESTATION D'ASSURANCE", "Responsabilité civile professionnelle de {company}", "2024"),
)
PROSE = (
    "La ville s'éveille doucement sous un ciel pâle, et les premiers passants pressent le pas.",
    "Le comité s'est réuni pour examiner le budget de l'année et les projets en cours.",
    "Les travaux de rénovation du bâtiment principal se poursuivront jusqu'à l'automne.",
    "La formation des équipes aux nouveaux outils est prévue en plusieurs sessions.",
    "Le rapport annuel présente l'activité, les effectifs et les perspectives du groupe.",
    "Les participants ont souligné la qualité des échanges et la richesse des débats.",
    "Le planning prévisionnel a été diffusé à l'ensemble des services concernés.",
    "Une enquête de satisfaction sera menée auprès des usagers à la fin du trimestre.",
    "La bibliothèque municipale propose des ateliers d'écriture tous les mercredis.",
    "Le marché couvert accueille les producteurs locaux le samedi matin.",
)
MINUTES = (
    "Compte rendu de réunion du comité de pilotage",
    "Présents : {person}, {person2}. Excusé : {person3}.",
    "Point 1 : avancement du déploiement sur les sites.",
    "Point 2 : calendrier de la formation des utilisateurs.",
    "Point 3 : questions diverses. Prochaine réunion le {date}.",
)


def other_page_lines(rng: np.random.Generator) -> list[str]:
    """The lines of one ``autre`` page, of a kind drawn at random."""
    kinds = (_letter, _contract, _terms, _certificate, _prose, _minutes)
    return kinds[int(rng.integers(len(kinds)))](rng)


def _pick(rng: np.random.Generator, pool: tuple[str, ...], count: int) -> list[str]:
    chosen = rng.choice(len(pool), size=min(count, len(pool)), replace=False)
    return [pool[int(i)] for i in chosen]


def _fill(rng: np.random.Generator, line: str, number: int = 1) -> str:
    people = _pick(rng, PEOPLE, 3)
    day, month, year = rng.integers(1, 29), rng.integers(1, 13), rng.integers(2021, 2026)
    return line.format(
        date=f"{day:02d}/{month:02d}/{year}",
        ref=f"DOS-{int(rng.integers(1000, 99999))}",
        n=number,
        city=_pick(rng, CITIES, 1)[0],
        company=_pick(rng, COMPANIES, 1)[0],
        person=people[0],
        person2=people[1],
        person3=people[2],
    )


def _letter(rng: np.random.Generator) -> list[str]:
    sender, city = _pick(rng, COMPANIES, 1)[0], _pick(rng, CITIES, 1)[0]
    body = [_fill(rng, line) for line in _pick(rng, LETTER_BODIES, int(rng.integers(3, 7)))]
    head = [
        sender,
        f"{city}, le {_fill(rng, '{date}')}",
        "Objet : votre dossier",
        "Madame, Monsieur,",
    ]
    return [*head, *body, _pick(rng, PEOPLE, 1)[0]]


def _contract(rng: np.random.Generator) -> list[str]:
    clauses = _pick(rng, CONTRACT_CLAUSES, int(rng.integers(4, 8)))
    title = "CONTRAT DE MAINTENANCE ET D'ASSISTANCE"
    parties = _fill(
        rng, "Entre {company}, ci-après le prestataire, et le client désigné en annexe."
    )
    return [title, parties, *(_fill(rng, c, n) for n, c in enumerate(clauses, start=1))]


def _terms(rng: np.random.Generator) -> list[str]:
    return ["CONDITIONS GÉNÉRALES DE VENTE", *_pick(rng, TERMS, int(rng.integers(4, 8)))]


def _certificate(rng: np.random.Generator) -> list[str]:
    title, *lines = CERTIFICATES[int(rng.integers(len(CERTIFICATES)))]
    return [title, *(_fill(rng, line) for line in lines), _fill(rng, "Fait à {city}, le {date}")]


def _prose(rng: np.random.Generator) -> list[str]:
    return _pick(rng, PROSE, int(rng.integers(4, 9)))


def _minutes(rng: np.random.Generator) -> list[str]:
    return [_fill(rng, line) for line in MINUTES]
