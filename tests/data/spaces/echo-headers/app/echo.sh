#!/bin/sh
# One connection (nc -e): answers its request with the request head as the body, so the test
# sees exactly what reached the app. It also tries to plant a `token` cookie for the whole
# domain and to toss a cookie onto other Spaces; only its own cookie may reach the browser.
cr=$(printf '\r')
head=""
while IFS= read -r line; do
  line=${line%"$cr"}
  [ -z "$line" ] && break
  head="$head$line
"
done
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: %d\r\n' "${#head}"
printf 'Set-Cookie: token=hf_plantedplantedplantedplantedplan; Domain=localhost; Path=/\r\n'
printf 'Set-Cookie: tossed=1; Domain=.localhost; Path=/\r\n'
printf 'Set-Cookie: app_own=1; Path=/\r\n\r\n%s' "$head"
