"""Nothing of the groups app is in the admin: groups are managed on the
portal's own pages, and enrollments and attendance are client data, which the
admin must not show (it writes no access log; tests/test_urls.py checks)."""
