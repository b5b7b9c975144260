"""Writes of the clients app."""

import secrets

from django.db import IntegrityError, transaction

from clients.models import Client


def new_client_number() -> str:
    """A random client number, e.g. "A1234567".

    Random rather than sequential so that the number reveals nothing about
    when or in which unit the client came.
    """
    return f"A{secrets.randbelow(10**7):07d}"


def client_create(*, unit, first_name: str, last_name: str, **fields) -> Client:
    """Create a client with a fresh pseudonymous number."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Client.objects.create(
                    client_number=new_client_number(),
                    unit=unit,
                    first_name=first_name,
                    last_name=last_name,
                    **fields,
                )
        except IntegrityError:
            # A number already taken; draw another.
            continue
    raise RuntimeError("Could not draw a free client number.")
