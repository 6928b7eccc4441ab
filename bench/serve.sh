#!/usr/bin/env bash
# Folio served under load: gunicorn alone (pages built on every request, and stored pages), a one-query Django
# view beside them, nginx in front, and nginx serving a static copy of the same article page (the ceiling).
# Everything runs on 127.0.0.1 in a temporary folder.
#
#   bench/serve.sh [--articles 10000] [--duration 10] [--soak 60] [--sqlite] [--loader import|fast]
#                  [--threads 4]
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) unless --sqlite.
# Installs wrk and nginx-light with apt-get when they are missing. A measurement, not a test.
# KEEP_WORK=1 keeps the temporary folder (logs, wrk outputs, nginx.conf) for a look afterwards.
set -euo pipefail

ARTICLES=10000
DURATION=10
SOAK=60
DB=postgres
LOADER=
THREADS=4
while [[ $# -gt 0 ]]; do
    case "$1" in
        --articles) ARTICLES=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --soak) SOAK=$2; shift 2 ;;
        --sqlite) DB=sqlite; shift ;;
        --loader) LOADER=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

PROJECT=$(cd "$(dirname "$0")/.." && pwd)
PY="$PROJECT/.venv/bin/python"
HELPER="$PROJECT/bench/serve.py"
cd "$PROJECT"

if ! command -v wrk >/dev/null || { ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; }; then
    echo "installing wrk and nginx-light ..."
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq wrk nginx-light >/dev/null 2>&1 || {
        apt-get update -qq >/dev/null
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq wrk nginx-light >/dev/null
    }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/folio-serve-XXXXXX)
DB_NAME="folio_bench_$$"
GUNICORN_PID=
NGINX_STARTED=

stop_gunicorn() {
    if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    fi
    GUNICORN_PID=
}

cleanup() {
    stop_gunicorn
    if [[ -n "$NGINX_STARTED" && -s "$WORK/nginx/nginx.pid" ]]; then
        kill -QUIT "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
        sleep 0.5
    fi
    if [[ "$DB" == postgres ]]; then
        dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME" 2>/dev/null || true
    fi
    if [[ -n "${KEEP_WORK:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port)
PROXY_PORT=$(free_port)
STATIC_PORT=$(free_port)

if [[ "$DB" == postgres ]]; then
    dropdb -h 127.0.0.1 -U postgres --if-exists "$DB_NAME"
    createdb -h 127.0.0.1 -U postgres "$DB_NAME"
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
else
    DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
fi
# bench.settings: Folio's settings and URLs, plus the one-query view (bench/urls.py).
export DJANGO_SETTINGS_MODULE=bench.settings DEBUG=0 LOG_LEVEL=WARNING \
    SECRET_KEY="$("$PY" -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')" \
    DATABASE_URL ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL="http://127.0.0.1:$PROXY_PORT" \
    MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"

echo "Folio under load: $ARTICLES articles on $DB, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
"$PY" "$HELPER" load --articles "$ARTICLES" ${LOADER:+--loader "$LOADER"} --work "$WORK" --out "$WORK/urls.json" \
    --paths "$WORK/paths.txt"
"$PY" manage.py collectstatic --noinput --verbosity 0
url() { "$PY" -c "import json, sys; print(json.load(open('$WORK/urls.json'))[sys.argv[1]])" "$1"; }
HOME_URL=$(url home); ARTICLE_URL=$(url article); FEED_URL=$(url feed); TAG_URL=$(url tag); AUTHOR_URL=$(url author)

start_gunicorn() {  # $1: STORED_PAGES, then any further options for gunicorn
    STORED_PAGES=$1 "$PROJECT/.venv/bin/gunicorn" cms.wsgi --bind "127.0.0.1:$APP_PORT" --workers 2 \
        --threads "$THREADS" --log-level warning --error-logfile "$WORK/gunicorn.log" "${@:2}" &
    GUNICORN_PID=$!
    for _ in $(seq 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" && return 0
        sleep 0.1
    done
    echo "gunicorn did not start:" >&2; cat "$WORK/gunicorn.log" >&2; exit 1
}

mkdir -p "$WORK/wrk" "$WORK/nginx" "$WORK/copy"
RUN=0
measure() {  # $1 mode, $2 page name, $3 base URL, $4 path, then any headers wrk sends with each request
    RUN=$((RUN + 1))
    curl -sf -o /dev/null "$3$4"  # fills the caches being measured, and fails loudly on a broken page
    local headers=()
    for header in "${@:5}"; do headers+=(-H "$header"); done
    local out
    out="$WORK/wrk/$(printf %02d $RUN)_$1_$2"
    wrk -t2 -c32 -d"${DURATION}s" --latency "${headers[@]}" "$3$4" > "$out.txt" &
    count_connections "$3" "$out.workers" $!
}
# How wrk's 32 connections are shared among gunicorn's workers, a second into a run: with a keep-alive
# connection a worker keeps its client, so the split decides how much of the machine a run can use.
count_connections() {  # $1 base URL, $2 file to write, $3 pid of the wrk run
    sleep 1
    if [[ "$1" == "$APP" ]]; then
        ss -tnpH state established "( sport = :$APP_PORT )" | grep -o 'pid=[0-9]*' | sort | uniq -c \
            | awk '{print $1}' | sort -rn | paste -sd/ > "$2" || true
    fi
    wait "$3"
}
# A crawler: every reader's page in turn (paths.txt, from the load), each wrk thread from its own place in the
# list, so that the pages asked for are the archive's long tail, not one page over and over.
cat > "$WORK/crawl.lua" <<EOF
local threads = 0
function setup(thread)
    thread:set("start", threads * 7919)
    threads = threads + 1
end
function init(args)
    paths = {}
    for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
    i = start
end
function request()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
crawl() {  # $1 mode, $2 base URL
    RUN=$((RUN + 1))
    local out
    out="$WORK/wrk/$(printf %02d $RUN)_$1_every-page"
    wrk -t2 -c32 -d"${DURATION}s" --latency -s "$WORK/crawl.lua" "$2/" > "$out.txt" &
    count_connections "$2" "$out.workers" $!
}

# nginx: the production layout's proxy cache in front of gunicorn, and the static ceiling.
# Run as root, nginx would hand its workers to another user, who cannot write into this private folder.
NGINX_USER=$([[ $EUID -eq 0 ]] && echo "user root;" || true)
cat > "$WORK/nginx/nginx.conf" <<EOF
$NGINX_USER
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    # No tcp_nopush: with it, a large page from the proxy cache (a feed) stalls about 40 ms.
    keepalive_requests 100000;
    default_type application/octet-stream;
    client_body_temp_path $WORK/nginx/client_body;
    proxy_temp_path $WORK/nginx/proxy_temp;
    fastcgi_temp_path $WORK/nginx/fastcgi_temp;
    uwsgi_temp_path $WORK/nginx/uwsgi_temp;
    scgi_temp_path $WORK/nginx/scgi_temp;
    proxy_cache_path $WORK/nginx/cache keys_zone=folio:10m max_size=1g inactive=10m use_temp_path=off;
    map \$upstream_http_cache_control \$folio_no_store { ~*(no-store|private) 1; default ""; }
    upstream folio { server 127.0.0.1:$APP_PORT; keepalive 16; }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://folio;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_cache folio;
            proxy_cache_valid 200 301 404 1s;
            proxy_cache_lock on;
            proxy_ignore_headers Cache-Control Expires;
            proxy_cache_bypass \$cookie_sessionid;
            proxy_no_cache \$cookie_sessionid \$folio_no_store;
            add_header X-Proxy-Cache \$upstream_cache_status;
        }
    }
    server {
        listen 127.0.0.1:$STATIC_PORT;
        root $WORK/copy;
        location / { default_type text/html; }
    }
}
EOF

start_gunicorn 0
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log"
NGINX_STARTED=1
APP="http://127.0.0.1:$APP_PORT"
PROXY="http://127.0.0.1:$PROXY_PORT"
curl -sf -o "$WORK/copy/article.html" "$APP$ARTICLE_URL"
echo "article page: $ARTICLE_URL ($(wc -c < "$WORK/copy/article.html") bytes); gunicorn --workers 2 --threads $THREADS"

echo "cold: gunicorn alone, STORED_PAGES=0: every page built on every request ..."
"$PY" "$HELPER" latency --base "$APP" --urls "$WORK/urls.json"
for page in home article feed tag author; do
    eval "path=\$${page^^}_URL"
    measure cold "$page" "$APP" "$path"
done
crawl cold "$APP"
# Django's own floor on this machine: the same server, middleware and settings answering with no page to build
# (robots.txt), one query (/healthz), and one query and one small template (the yardstick).
measure floor robots.txt "$APP" /robots.txt
measure floor healthz "$APP" /healthz
measure floor one-query "$APP" /bench/one-query/

stop_gunicorn
start_gunicorn 1
echo "building every reader's page ahead of readers, beside the idle server (manage.py build_pages --jobs $(nproc)) ..."
STORED_PAGES=1 "$PY" manage.py build_pages --jobs "$(nproc)"
echo "stored: gunicorn alone, STORED_PAGES=1: the first request builds and stores, the rest read it ..."
for page in home article feed tag author; do
    eval "path=\$${page^^}_URL"
    measure stored "$page" "$APP" "$path"
done
echo "stored, to a reader whose browser accepts gzip (as browsers and feed readers do): the stored bytes as they are ..."
for page in article feed; do
    eval "path=\$${page^^}_URL"
    measure stored-gzip "$page" "$APP" "$path" "Accept-Encoding: gzip"
done
echo "stored, to a crawler walking every reader's page ($(wc -l < "$WORK/paths.txt") pages) ..."
crawl stored "$APP"
echo "stored, all workers on one shared socket (gunicorn.conf.py's reuse_port off), three runs ..."
stop_gunicorn
printf 'reuse_port = False\n' > "$WORK/shared-socket.conf.py"
start_gunicorn 1 --config "$WORK/shared-socket.conf.py"
for _ in 1 2 3; do
    measure shared-socket article "$APP" "$ARTICLE_URL"
done
stop_gunicorn
start_gunicorn 1
echo "stored, after an editor saves an article these pages do not show ..."
"$PY" "$HELPER" save-unrelated --urls "$WORK/urls.json"
for page in article home; do
    eval "path=\$${page^^}_URL"
    measure stored-after-a-save "$page" "$APP" "$path"
done
echo "through nginx (proxy cache 1 s, stored pages behind it) ..."
for page in home article feed; do
    eval "path=\$${page^^}_URL"
    measure nginx-proxy-cache "$page" "$PROXY" "$path"
done
echo "ceiling: nginx serving a static copy of the article page ..."
measure ceiling article-copy "http://127.0.0.1:$STATIC_PORT" /article.html

echo
echo "wrk -t2 -c32 -d${DURATION}s --latency, $ARTICLES articles, $DB:"
"$PY" "$HELPER" table "$WORK/wrk"

echo
echo "production layout under 64 connections for ${SOAK} s (nginx + gunicorn, the three pages in turn):"
cat > "$WORK/rotate.lua" <<EOF
local paths = {"$HOME_URL", "$ARTICLE_URL", "$FEED_URL"}
local i = 0
request = function()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
wrk -t2 -c64 -d"${SOAK}s" --latency -s "$WORK/rotate.lua" "$PROXY/" > "$WORK/soak.txt"
"$PY" "$HELPER" soak "$WORK/soak.txt"
if grep -q " 5[0-9][0-9] \| Traceback" "$WORK/gunicorn.log" 2>/dev/null; then
    echo "gunicorn logged errors:"; tail -20 "$WORK/gunicorn.log"
fi

echo
echo "admin article list, signed in as a superuser made for this run (gunicorn directly):"
"$PY" "$HELPER" admin --base "$APP"
