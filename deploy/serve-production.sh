#!/usr/bin/env bash
# The production topology on one machine: nginx in front, gunicorn sync workers
# for the pages (WSGI, about five times cheaper per page than ASGI), and
# WS_PROCESSES websocket processes (`manage.py serve`, uvicorn, one worker each)
# for /ws/, all on PostgreSQL and Redis. Each websocket process is restarted
# when it exits; gunicorn restarts its own workers. Ctrl-C / SIGTERM stops all.
# On two machines run this on each (same DATABASE_URL, REDIS_URL and private
# files storage) behind a load balancer; see README "Deployment".
#
# Environment (besides the application's own, see README):
#   DATABASE_URL, REDIS_URL  required
#   LISTEN_HOST, LISTEN_PORT  where nginx listens (127.0.0.1:8080)
#   PAGES_PORT, PAGE_WORKERS  gunicorn (127.0.0.1:8001, 2 workers)
#   WS_PORTS                  websocket processes, one per port ("8002 8003")
#   RUN_DIR                   pids, logs, the rendered nginx.conf (./run)
#   NGINX_USER                user of nginx's workers; must read STATIC_ROOT and
#                             PRIVATE_MEDIA_ROOT (default: the current user)
#   FORWARDED_PROTO           what nginx tells the app the scheme is
#                             ("$scheme"; "https" behind a TLS terminator)
#   SKIP_RELEASE=1            skip migrate and collectstatic
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
: "${REDIS_URL:?set REDIS_URL: more than one process needs Redis}"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.production}
export LISTEN_HOST=${LISTEN_HOST:-127.0.0.1} LISTEN_PORT=${LISTEN_PORT:-8080}
PAGES_PORT=${PAGES_PORT:-8001}
PAGE_WORKERS=${PAGE_WORKERS:-2}
WS_PORTS=${WS_PORTS:-"8002 8003"}
export RUN_DIR=${RUN_DIR:-$PWD/run}
export STATIC_ROOT=${STATIC_ROOT:-$PWD/staticfiles}
export MEDIA_ROOT=${MEDIA_ROOT:-$PWD/media}
export PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$PWD/private-media}
export NGINX_USER=${NGINX_USER:-$(id -un)}
export NGINX_WORKERS=${NGINX_WORKERS:-auto}
# A response says nothing about the software behind it: with Debian's
# headers-more module nginx drops its Server header (gunicorn's never passes).
HEADERS_MORE=${HEADERS_MORE:-/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so}
if [[ -f $HEADERS_MORE ]]; then
  export NGINX_LOAD_MODULES="load_module $HEADERS_MORE;"
  export NGINX_SERVER_HEADER="more_clear_headers Server;"
else
  echo "serve-production: $HEADERS_MORE not found; responses keep 'Server: nginx'" >&2
  export NGINX_LOAD_MODULES="" NGINX_SERVER_HEADER=""
fi
export FORWARDED_PROTO=${FORWARDED_PROTO:-\$scheme}
export CLIENT_MAX_BODY_SIZE=${CLIENT_MAX_BODY_SIZE:-$(( ${DOCUMENT_MAX_UPLOAD_MB:-25} + 5 ))m}
# Downloads: the view checks access, nginx sends the bytes.
export PRIVATE_FILES_ACCEL_REDIRECT=${PRIVATE_FILES_ACCEL_REDIRECT:-/_private/}
# nginx appends the client's address to X-Forwarded-For: trust one proxy.
export RATELIMIT_TRUSTED_PROXIES=${RATELIMIT_TRUSTED_PROXIES:-1}
export FORWARDED_ALLOW_IPS=${FORWARDED_ALLOW_IPS:-127.0.0.1}

mkdir -p "$RUN_DIR" "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
rm -f "$RUN_DIR/stopping"

if [[ ${SKIP_RELEASE:-0} != 1 ]]; then
  "$PYTHON" manage.py migrate --noinput
  "$PYTHON" manage.py collectstatic --noinput --verbosity 0
fi

PAGES_UPSTREAM="server 127.0.0.1:$PAGES_PORT;"
WS_UPSTREAM=""
for port in $WS_PORTS; do WS_UPSTREAM+="server 127.0.0.1:$port; "; done
export PAGES_UPSTREAM WS_UPSTREAM
# Fill in ${NAME} only (nginx's own $variables stay as they are).
"$PYTHON" - deploy/nginx.conf.template "$RUN_DIR/nginx.conf" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
missing = sorted({m for m in re.findall(r"\$\{([A-Z_]+)\}", text) if m not in os.environ})
if missing:
    sys.exit(f"nginx.conf.template: set {', '.join(missing)}")
open(sys.argv[2], "w").write(re.sub(r"\$\{([A-Z_]+)\}", lambda m: os.environ[m.group(1)], text))
PY
nginx -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"

CHILDREN=()
stop_all() {
  trap - INT TERM EXIT
  touch "$RUN_DIR/stopping"
  for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for f in "$RUN_DIR"/ws-*.pid; do
    [[ -f $f ]] && kill -TERM "$(cat "$f")" 2>/dev/null || true
  done
  wait || true
}
trap stop_all INT TERM EXIT

"$PYTHON" -m gunicorn portal.wsgi:application \
  --bind "127.0.0.1:$PAGES_PORT" --workers "$PAGE_WORKERS" --no-control-socket \
  --pid "$RUN_DIR/gunicorn.pid" --forwarded-allow-ips "$FORWARDED_ALLOW_IPS" \
  --graceful-timeout 20 --timeout 60 --max-requests 5000 --max-requests-jitter 500 \
  --log-level warning &
CHILDREN+=($!)

i=0
for port in $WS_PORTS; do
  i=$((i + 1))
  # A restart loop per websocket process (systemd does this on a real host).
  (
    trap 'kill -TERM "$(cat "$RUN_DIR/ws-'"$i"'.pid")" 2>/dev/null; exit 0' TERM
    while [[ ! -f $RUN_DIR/stopping ]]; do
      "$PYTHON" manage.py serve --host 127.0.0.1 --port "$port" --workers 1 &
      echo $! >"$RUN_DIR/ws-$i.pid"
      wait $! || true
      [[ -f $RUN_DIR/stopping ]] && break
      echo "websocket process on port $port exited; restarting" >&2
      sleep 1
    done
  ) &
  CHILDREN+=($!)
done

nginx -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
CHILDREN+=($!)
echo "Partnerwerk: http://$LISTEN_HOST:$LISTEN_PORT/ (pages :$PAGES_PORT, websockets :${WS_PORTS// /, :})"
wait
