"""Report runs: the monthly report's figures and files (monthly.py), who
sees which runs (selectors.py), and the pages that request, follow and
download them (forms.py, views.py).  The writes are in reports/services.py."""
