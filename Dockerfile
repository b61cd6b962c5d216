# Two images from one file (compose.yaml builds both):
#   proxy  nginx (Debian's nginx-light) with deploy/nginx.conf: the only thing facing clients
#   app    the portal, non-root, content built at image build time, health-checked (default target)
FROM debian:bookworm-slim AS proxy
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/cache/nginx && chown nobody /var/cache/nginx
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY deploy/portal-error-headers.conf /etc/nginx/portal-error-headers.conf
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]

FROM python:3.11-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PORTAL_CONTENT_DIR=/app/content PORTAL_BUILD_DIR=/app/search_index
WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY static ./static
COPY content ./content
RUN pip install --no-compile -e . \
 && useradd --system --uid 10001 --home /app portal \
 && portal build \
 && chown -R portal:portal /app/search_index
USER portal
# Reached only by the proxy on the compose network (not published: see compose.yaml).
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
# The same command as the README's production instructions.
CMD ["portal", "serve", "--host", "0.0.0.0", "--port", "8000"]
