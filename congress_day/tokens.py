"""The check-in token on a delegate card's QR code: the card's random secret signed for one
congress (django.core.signing, with a salt naming the congress). It carries neither the
member's id nor their code; a token signed for one congress does not verify for another."""

import secrets

from django.core import signing

SECRET_BYTES = 12  # 16 URL-safe characters


def new_secret():
    return secrets.token_urlsafe(SECRET_BYTES)


def _signer(congress_id):
    return signing.Signer(salt=f"congress_day.checkin.congress-{congress_id}")


def token_for(card):
    """The token printed on `card` (its congress's salt)."""
    return _signer(card.congress_id).sign(card.secret)


def secret_of(token):
    """The secret a token names (unverified), or "" for something that is not a token."""
    secret, separator, signature = token.rpartition(signing.Signer().sep)
    return secret if separator and secret and signature else ""


def verifies(token, congress_id):
    """Whether `token` was signed for the congress `congress_id`."""
    try:
        _signer(congress_id).unsign(token)
    except signing.BadSignature:
        return False
    return True
