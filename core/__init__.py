"""The floor under every app: the project's base error, time zones, CSV safety and paging.

Pure helpers with no models and no knowledge of any app; every app may import them, and they
import no app (tests/test_architecture.py holds them to it).
"""
