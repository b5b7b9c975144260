"""The PDF final report: its content (content.py), its document
(document.py), its narrative sections (services.py, selectors.py, views.py)."""
