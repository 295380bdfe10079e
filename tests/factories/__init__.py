"""Shared factory_boy factories, one module per app; import them from here."""

from tests.factories.accounts import DepartmentFactory, UserFactory, verified_user

__all__ = ["DepartmentFactory", "UserFactory", "verified_user"]
