"""Bulk import of CSV and XLSX files (docs/import.md).

`reader` turns a file into rows of text cells; `base` runs an importer over
them (every row checked through the forms and services the pages use, every
bad row reported, nothing saved from a file with errors); `importers` holds
one importer per kind; `tasks` runs an ImportRun in a Celery worker.
"""
