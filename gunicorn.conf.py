"""gunicorn's settings, read from the working folder (/app in the image) on every start; the
command line in the Dockerfile and docker-compose.yml adds the bind address and workers.

The access log names the path without its query string, and no referrer: the query strings
of the search pages (transcripts, the tellers' check-in, the committee's applicant list) and
the pages they link from hold names and words people said, which a log must not keep."""

# gunicorn's default is '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"': %(r)s is
# the request line with the query string, %(f)s the referrer (a URL with its query string).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'
