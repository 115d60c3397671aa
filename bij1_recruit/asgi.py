import os

from django.core.asgi import get_asgi_application

from bij1_recruit.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
application = get_asgi_application()
require_secret_key()
