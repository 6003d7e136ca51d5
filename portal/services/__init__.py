"""Every write of the public site."""

from .visits import (
    RegistrationClosed,
    registration_cancel,
    registration_create,
)

__all__ = ["RegistrationClosed", "registration_cancel", "registration_create"]
