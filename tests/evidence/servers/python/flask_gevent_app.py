"""The same Flask app under Gunicorn's gevent worker, patched first as Flask's docs say.

https://flask.palletsprojects.com/en/stable/gevent/ : apply gevent's patching
as early as possible, at the top of the module, then deploy with a gevent
worker. Gunicorn's gevent worker patches too; doing it here as well is harmless
and keeps the app right when run another way.
"""

# --8<-- [start:gevent]
import gevent.monkey

gevent.monkey.patch_all()

from flask_app import app  # noqa: E402  (after patching, on purpose)

# --8<-- [end:gevent]

__all__ = ["app"]
