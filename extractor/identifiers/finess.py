"""FINESS (Fichier national des établissements sanitaires et sociaux) number.

Nine characters: a two-character département (``01``–``95``, ``2A``/``2B`` for Corsica, ``97`` and
``98`` overseas), six digits, and a check digit: Luhn over the nine digits, with ``2A`` read as
``21`` and ``2B`` as ``22``. A FINESS juridique (EJ) names a legal entity, a FINESS géographique
(EG/ET) one of its sites; both have the same form.

Corsican numbers are accepted, but :func:`is_corsican` lets a caller warn about them: the key of
those is computed after a substitution that not every issuer applies.

>>> validate('69 000 088 0')
'690000880'
>>> validate('690000881')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
"""

from __future__ import annotations

from stdnum import luhn
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import clean

_CORSICA = {"2A": "21", "2B": "22"}


def compact(number: str) -> str:
    """The number without spaces, dots or dashes, upper-cased."""
    return clean(number, " .-/").strip().upper()


def is_corsican(number: str) -> bool:
    return compact(number)[:2] in _CORSICA


def _digits(number: str) -> str:
    return _CORSICA.get(number[:2], number[:2]) + number[2:]


def validate(number: str) -> str:
    """The compact number if it is a valid FINESS; else raise a precise ``ValidationError``."""
    number = compact(number)
    if len(number) != 9:
        raise InvalidLength()
    digits = _digits(number)
    if not digits.isdigit():
        raise InvalidFormat()
    department = int(digits[:2])
    if department in (0, 20, 96, 99):
        raise InvalidComponent()
    luhn.validate(digits)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def calc_check_digit(first_eight: str) -> str:
    """The check digit that completes eight characters into a valid FINESS."""
    return luhn.calc_check_digit(_digits(compact(first_eight)))


def format(number: str) -> str:
    """FINESS numbers are printed as nine characters without separators."""
    return compact(number)
