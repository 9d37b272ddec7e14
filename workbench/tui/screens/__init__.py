"""Screens: the main screen, dialogs, help and the ingest screen."""
