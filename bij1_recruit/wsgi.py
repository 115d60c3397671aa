import os

from django.core.wsgi import get_wsgi_application

from bij1_recruit.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
application = get_wsgi_application()
require_secret_key()
