"""Identity codes at rest: Fernet encryption for storage, a keyed HMAC for look-ups.

A henkilötunnus has little entropy: about 36,500 dates of birth a century,
a thousand individual numbers and a few century signs, so every possible code
can be enumerated in minutes. An unsalted hash (even SHA-256) of the code
would therefore be as good as the code itself to anyone who gets the database.
So:

* the code is stored encrypted (Fernet: AES with an authenticating HMAC) and
  read back only where it is really needed;
* search and duplicate detection use an HMAC-SHA256 of the normalised code
  under a secret key kept outside the database. The same code always gives the
  same digest, but without the key the digest cannot be brute-forced.

``settings.IDENTITY_CODE_ENCRYPTION_KEYS`` lists Fernet keys: the first
encrypts, all decrypt, so a new key can be prepended and old tokens rotated
with ``rotate_identity_code_token``. ``settings.IDENTITY_CODE_HMAC_KEY`` cannot
be rotated without recomputing every stored digest.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from clients.identity_code import normalise


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _fernet() -> MultiFernet:
    # Cached on the keys themselves, so overridden settings (tests, rotation)
    # take effect at once.
    keys = tuple(settings.IDENTITY_CODE_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("IDENTITY_CODE_ENCRYPTION_KEYS is empty.")
    return _multi_fernet(keys)


def encrypt_identity_code(code: str) -> str:
    """A Fernet token for the code, under the first key (randomised each call)."""
    return _fernet().encrypt(code.encode()).decode()


def decrypt_identity_code(token: str) -> str:
    """The code from a token; raises ``cryptography.fernet.InvalidToken`` if no key fits."""
    return _fernet().decrypt(token.encode()).decode()


def identity_code_digest(code: str) -> str:
    """HMAC-SHA256 (64 hex characters) of the normalised code, for look-ups."""
    key = settings.IDENTITY_CODE_HMAC_KEY
    if not key:
        raise ImproperlyConfigured("IDENTITY_CODE_HMAC_KEY is empty.")
    return hmac.new(key.encode(), normalise(code).encode(), hashlib.sha256).hexdigest()


def rotate_identity_code_token(token: str) -> str:
    """Re-encrypt a token under the first key (it may have been made with any key)."""
    return _fernet().rotate(token.encode()).decode()
