#!/bin/sh
# Serves /tmp/www as UID 1000: the page says which version runs and as whom.
mkdir -p /tmp/www/cgi-bin
cp /app/cgi-bin/* /tmp/www/cgi-bin/
echo "version $(cat /app/VERSION) uid $(id -u)" > /tmp/www/index.html
echo "serving version $(cat /app/VERSION) on :7860"
exec httpd -f -vv -p 7860 -h /tmp/www
