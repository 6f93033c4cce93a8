"""WSGI entry point for a production server (gunicorn fremdrift.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
application = get_wsgi_application()
