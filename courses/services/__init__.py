"""Writes and rules of the training domain, split by sub-domain.

Import the sub-module you need: ``from courses.services import enrolment``.
"""
