"""Encryption at rest and HMAC look-up of identity codes."""

import pytest
from cryptography.fernet import Fernet, InvalidToken

from clients.crypto import (
    decrypt_identity_code,
    encrypt_identity_code,
    identity_code_digest,
    rotate_identity_code_token,
)
from clients.identity_code import compute_check_character

CODE = f"010190-955{compute_check_character('010190', '955')}"


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def keys(settings):
    settings.IDENTITY_CODE_ENCRYPTION_KEYS = [new_key()]
    settings.IDENTITY_CODE_HMAC_KEY = "test-hmac-key"
    return settings


def test_round_trip(keys):
    token = encrypt_identity_code(CODE)
    assert isinstance(token, str)
    assert decrypt_identity_code(token) == CODE


def test_token_does_not_contain_the_code(keys):
    token = encrypt_identity_code(CODE)
    assert CODE not in token
    assert CODE[:6] not in token


def test_encryption_is_randomised_but_digest_is_stable(keys):
    assert encrypt_identity_code(CODE) != encrypt_identity_code(CODE)
    digest = identity_code_digest(CODE)
    assert digest == identity_code_digest(CODE)
    assert len(digest) == 64
    assert set(digest) <= set("0123456789abcdef")
    assert CODE not in digest


def test_digest_uses_the_normalised_code(keys):
    assert identity_code_digest(f" {CODE.lower()} ") == identity_code_digest(CODE)


def test_digest_tells_century_signs_apart(keys):
    new_style = CODE.replace("-", "Y")
    assert identity_code_digest(new_style) != identity_code_digest(CODE)


def test_digest_depends_on_the_hmac_key(keys):
    digest = identity_code_digest(CODE)
    keys.IDENTITY_CODE_HMAC_KEY = "another-hmac-key"
    assert identity_code_digest(CODE) != digest


def test_token_from_another_key_does_not_decrypt(keys):
    token = encrypt_identity_code(CODE)
    keys.IDENTITY_CODE_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(InvalidToken):
        decrypt_identity_code(token)


def test_key_rotation(keys):
    old_key, new = keys.IDENTITY_CODE_ENCRYPTION_KEYS[0], new_key()
    old_token = encrypt_identity_code(CODE)

    # A new key is prepended: old tokens still decrypt.
    keys.IDENTITY_CODE_ENCRYPTION_KEYS = [new, old_key]
    assert decrypt_identity_code(old_token) == CODE

    rotated = rotate_identity_code_token(old_token)
    assert rotated != old_token

    # Once every token is rotated the old key can be dropped.
    keys.IDENTITY_CODE_ENCRYPTION_KEYS = [new]
    assert decrypt_identity_code(rotated) == CODE
    with pytest.raises(InvalidToken):
        decrypt_identity_code(old_token)
