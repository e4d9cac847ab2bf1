"""`make bench`: measure the app served by gunicorn on the scaled demo data (see README)."""
