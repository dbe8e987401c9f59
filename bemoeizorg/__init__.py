"""Bemoeizorg Register: an encrypted case register for outreach care in Limburg."""

__version__ = "0.1.0"
APP_NAME = "Bemoeizorg Register"
