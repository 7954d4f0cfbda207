"""The national structure identifier (ANS IdNat_Struct) used to feed the DMP (« identDMP »).

A one-digit type followed by the number: ``1`` + FINESS, ``2`` + SIREN, ``3`` + SIRET. For a
laboratory's SGL it is ``1`` followed by the nine characters of the site's FINESS géographique.

>>> validate('1 690000880')
'1690000880'
>>> for_finess('690000880')
'1690000880'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, ValidationError
from stdnum.fr import siren, siret
from stdnum.util import clean

from extractor.identifiers import finess

_TYPES = {"1": finess.validate, "2": siren.validate, "3": siret.validate}


def compact(number: str) -> str:
    return clean(number, " .-").strip().upper()


def validate(number: str) -> str:
    """The compact identifier if its type prefix and the number behind it are valid."""
    number = compact(number)
    if not number:
        raise InvalidFormat()
    check = _TYPES.get(number[0])
    if check is None:
        raise InvalidComponent()
    check(number[1:])
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def for_finess(finess_number: str) -> str:
    """The identDMP of a site identified by its FINESS géographique."""
    return "1" + finess.validate(finess_number)


def format(number: str) -> str:
    return compact(number)
