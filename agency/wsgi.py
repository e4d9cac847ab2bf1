import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")
application = get_wsgi_application()

# The loaded app (Django, its apps, their modules) stays for the life of the process: moved
# out of the collector's reach, a full collection no longer walks it in the middle of a
# request. Measured on the AD dashboard at scale 10000: slowest of 40 requests 204 → 109 ms.
gc.freeze()
