"""MSSanté (messagerie sécurisée de santé) addresses.

A professional address is ``name@domain.mssante.fr`` (nominative or organisational); a citizen's
is ``<15-character INS matricule>@patient.mssante.fr``. A domain alone is not an address.

>>> validate(' Biologie@Rhone-Analyses.MSSante.fr ')
'biologie@rhone-analyses.mssante.fr'
>>> kind('189097512345678@patient.mssante.fr')
'citoyen'
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

_LOCAL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN = re.compile(r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+mssante\.fr$")
_INS = re.compile(r"^[12][0-9]{4}(2a|2b|[0-9]{2})[0-9]{8}$")
CITIZEN_DOMAIN = "patient.mssante.fr"


def compact(address: str) -> str:
    return address.strip().strip("<>").replace(" ", "").lower()


def validate(address: str) -> str:
    """The normalised address if it is a complete MSSanté address (professional or citizen)."""
    address = compact(address)
    local, at, domain = address.rpartition("@")
    if not at or not local:
        raise InvalidFormat()  # a bare domain, or no address at all
    if not _LOCAL.match(local) or not _DOMAIN.match(domain):
        raise InvalidComponent()
    if domain == CITIZEN_DOMAIN:
        if len(local) != 15:
            raise InvalidLength()
        if not _INS.match(local):
            raise InvalidFormat()
    return address


def is_valid(address: str) -> bool:
    try:
        return bool(validate(address))
    except ValidationError:
        return False


def kind(address: str) -> str:
    """``citoyen`` for a patient's address, ``pro`` for any other valid MSSanté address."""
    return "citoyen" if validate(address).endswith("@" + CITIZEN_DOMAIN) else "pro"


def format(address: str) -> str:
    return compact(address)
